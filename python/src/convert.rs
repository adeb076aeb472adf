//! Reports to Python objects. A report is serialised by serde exactly as the command
//! line writes it (so an `f32` weight of 1.1 is `1.1`, not `1.100000023841858`) and
//! parsed back into a JSON value on the analysing thread; here, with the GIL, the value
//! becomes dicts, lists, strings and numbers. Keys repeat in every finding, so they are
//! interned: one string object per key name.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3::IntoPyObjectExt;
use serde_json::Value;

use crate::items::Options;

/// A report's JSON value as a dict.
pub fn report(py: Python<'_>, value: Value) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &value)
}

/// What `analyse_many(..., errors="keep")` gives for an item it could not read.
pub fn error<'py>(py: Python<'py>, options: &Options, index: usize, message: &str) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    d.set_item("path", &options.path)?;
    d.set_item("item", index)?;
    d.set_item("error", message)?;
    Ok(d.into_any())
}

fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    match v {
        Value::Null => Ok(py.None().into_bound(py)),
        Value::Bool(b) => b.into_bound_py_any(py),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.into_bound_py_any(py),
            (_, Some(u), _) => u.into_bound_py_any(py),
            (_, _, f) => f.unwrap_or(f64::NAN).into_bound_py_any(py),
        },
        Value::String(s) => s.into_bound_py_any(py),
        Value::Array(a) => {
            Ok(PyList::new(py, a.iter().map(|x| to_py(py, x)).collect::<PyResult<Vec<_>>>()?)?.into_any())
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(PyString::intern(py, k), to_py(py, x)?)?;
            }
            Ok(d.into_any())
        }
    }
}
