//! The anchors of a derived text, in text order, a run of evenly spaced anchors held
//! as two: a quoted-printable body of `=41=41=41…` or a page of `&lt;&lt;…` has an
//! anchor after every escape, and as one each they cost three or four times the input.

use super::Anchor;

/// Anchors in text order. A run of three or more exact anchors on one line, each the
/// same number of bytes and columns after the one before, is held as its first anchor
/// followed by a marker: an entry whose line is `RUN`, whose offset is the run's last
/// anchor's, and whose column packs the two steps. Anything else is held as it is, so
/// an input with no such runs costs what a list of anchors does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors(Vec<Anchor>);

/// The line of a run's marker: no file has this many lines.
const RUN: u32 = u32::MAX;

/// The largest byte step of a run (it packs into the marker's column with the column
/// step, which is at most [`MAX_COLUMN_STEP`]).
const MAX_BYTE_STEP: u32 = (1 << 14) - 1;
const MAX_COLUMN_STEP: u32 = (1 << 16) - 1;

impl Anchors {
    /// No anchors.
    pub fn new() -> Self {
        Anchors(vec![])
    }

    /// Room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        Anchors(Vec::with_capacity(n))
    }

    /// True when there is no anchor.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `a`, which starts at or after the last anchor; one at the same offset as the
    /// last takes its place.
    pub fn push(&mut self, a: Anchor) {
        if self.last().is_some_and(|last| last.text_offset() == a.text_offset()) {
            self.pop();
        }
        if !self.extend_run(a) {
            self.0.push(a);
        }
    }

    /// The last anchor.
    pub fn last(&self) -> Option<Anchor> {
        let n = self.0.len();
        match self.0.last() {
            Some(m) if is_marker(m) => Some(nth(self.0[n - 2], *m, steps(m).0.len_of(self.0[n - 2], m))),
            last => last.copied(),
        }
    }

    /// The anchor at or before text offset `pos`, if any.
    pub fn at(&self, pos: usize) -> Option<Anchor> {
        let i = self.0.partition_point(|a| a.text_offset() <= pos).checked_sub(1)?;
        let e = self.0[i];
        if is_marker(&e) {
            let first = self.0[i - 1];
            return Some(nth(first, e, steps(&e).0.len_of(first, &e)));
        }
        match self.0.get(i + 1).filter(|m| is_marker(m)) {
            Some(m) => Some(nth(e, *m, (pos - e.text_offset()) as u32 / steps(m).0 .0)),
            None => Some(e),
        }
    }

    /// Every anchor, in order, runs spelt out.
    pub fn iter(&self) -> impl Iterator<Item = Anchor> + '_ {
        self.spelt_out_from(0)
    }

    /// The anchors after text offset `from`, in order, runs spelt out.
    pub fn after(&self, from: usize) -> impl Iterator<Item = Anchor> + '_ {
        // Start at the entry holding the last anchor at or before `from`.
        let i = self.0.partition_point(|a| a.text_offset() <= from).saturating_sub(2);
        self.spelt_out_from(i).skip_while(move |a| a.text_offset() <= from)
    }

    fn spelt_out_from(&self, start: usize) -> impl Iterator<Item = Anchor> + '_ {
        let entries = &self.0[start..];
        // A marker at the start belongs to a run begun before it: start at its first.
        let entries = if entries.first().is_some_and(is_marker) { &self.0[start - 1..] } else { entries };
        let mut i = 0;
        let mut run: Option<(Anchor, Anchor, u32, u32)> = None;
        std::iter::from_fn(move || loop {
            if let Some((first, marker, k, n)) = &mut run {
                if *k <= *n {
                    *k += 1;
                    return Some(nth(*first, *marker, *k - 1));
                }
                run = None;
            }
            let e = *entries.get(i)?;
            i += 1;
            match entries.get(i).filter(|m| is_marker(m)) {
                Some(&m) => {
                    i += 1;
                    run = Some((e, m, 0, steps(&m).0.len_of(e, &m)));
                }
                None => return Some(e),
            }
        })
    }

    /// Removes the last anchor.
    pub fn pop(&mut self) {
        let n = self.0.len();
        let Some(m) = self.0.last().copied().filter(is_marker) else {
            self.0.pop();
            return;
        };
        let first = self.0[n - 2];
        let (step, _) = steps(&m);
        let last = step.len_of(first, &m);
        // A run of three or more keeps being one; of two, the marker becomes the second.
        self.0[n - 1] = nth(first, m, last - 1);
        if last >= 3 {
            let offset = self.0[n - 1].text_offset();
            self.0[n - 1] = marker(offset, &m);
        }
    }

    /// Makes `a` the next anchor of the run the list ends with, or starts a run of the
    /// last two and `a`; false when `a` continues no run.
    fn extend_run(&mut self, a: Anchor) -> bool {
        let n = self.0.len();
        if n >= 2 && is_marker(&self.0[n - 1]) {
            let (first, m) = (self.0[n - 2], self.0[n - 1]);
            let last = nth(first, m, steps(&m).0.len_of(first, &m));
            if step_between(last, a) == Some(steps(&m)) {
                self.0[n - 1] = marker(a.text_offset(), &m);
                return true;
            }
            return false;
        }
        if n < 2 || is_marker(&self.0[n - 2]) {
            return false;
        }
        let (q, p) = (self.0[n - 2], self.0[n - 1]);
        match (step_between(q, p), step_between(p, a)) {
            (Some(s), Some(t)) if s == t => {
                self.0[n - 1] = Anchor::new(a.text_offset(), RUN, s.0 .0 << 16 | s.1, false);
                true
            }
            _ => false,
        }
    }
}

impl From<Vec<Anchor>> for Anchors {
    /// Anchors in text order, runs found.
    fn from(list: Vec<Anchor>) -> Self {
        let mut anchors = Anchors::with_capacity(list.len());
        list.into_iter().for_each(|a| anchors.push(a));
        anchors.0.shrink_to_fit();
        anchors
    }
}

/// The byte step of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ByteStep(u32);

impl ByteStep {
    /// The index of the last anchor of the run from `first` to `marker`.
    fn len_of(self, first: Anchor, marker: &Anchor) -> u32 {
        (marker.text_offset() - first.text_offset()) as u32 / self.0
    }
}

fn is_marker(a: &Anchor) -> bool {
    a.line() == RUN
}

/// The marker of a run with the steps of `m`, whose last anchor is at `offset`.
fn marker(offset: usize, m: &Anchor) -> Anchor {
    Anchor::new(offset, RUN, m.column(), false)
}

/// The byte and column steps of a run's marker.
fn steps(m: &Anchor) -> (ByteStep, u32) {
    (ByteStep(m.column() >> 16), m.column() & MAX_COLUMN_STEP)
}

/// Anchor `k` of the run from `first` with the steps of `marker`.
fn nth(first: Anchor, marker: Anchor, k: u32) -> Anchor {
    let (bytes, columns) = steps(&marker);
    let offset = first.text_offset() + (k * bytes.0) as usize;
    Anchor::new(offset, first.line(), first.column() + k * columns, true)
}

/// The steps from `a` to `b` when the two could be neighbours in a run: exact, on one
/// line, `b` after `a` by steps that fit a marker.
fn step_between(a: Anchor, b: Anchor) -> Option<(ByteStep, u32)> {
    let bytes = u32::try_from(b.text_offset().checked_sub(a.text_offset())?).ok()?;
    let columns = b.column().checked_sub(a.column())?;
    let fits = (1..=MAX_BYTE_STEP).contains(&bytes) && columns <= MAX_COLUMN_STEP;
    (a.exact() && b.exact() && a.line() == b.line() && a.line() != RUN && fits).then_some((ByteStep(bytes), columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The anchor at or before `pos` in a plain list.
    fn at_in(list: &[Anchor], pos: usize) -> Option<Anchor> {
        list.iter().take_while(|a| a.text_offset() <= pos).last().copied()
    }

    /// A list of anchors with runs of several shapes and breaks between them: the
    /// compact form gives the same anchors, the same answers, and takes far less room.
    #[test]
    fn runs_read_back_as_the_anchors_they_hold() {
        let mut list = vec![];
        let mut offset = 0;
        for line in 1..200u32 {
            let (bytes, cols, n) = ((line % 4) as usize, line % 5 + 1, (line * 7 % 13) as usize);
            let mut column = 1;
            for _ in 0..n {
                list.push(Anchor::new(offset, line, column, line % 11 != 0));
                offset += bytes.max(1) + usize::from(line % 3 == 0 && column % 2 == 0);
                column += cols;
            }
            list.push(Anchor::new(offset, line, column, true));
            offset += 1;
        }
        let anchors = Anchors::from(list.clone());
        assert!(anchors.0.len() < list.len() / 2, "{} entries for {}", anchors.0.len(), list.len());
        assert_eq!(anchors.iter().collect::<Vec<_>>(), list);
        for pos in 0..offset + 2 {
            assert_eq!(anchors.at(pos), at_in(&list, pos), "at {pos}");
            let after: Vec<Anchor> = list.iter().filter(|a| a.text_offset() > pos).copied().collect();
            assert_eq!(anchors.after(pos).collect::<Vec<_>>(), after, "after {pos}");
        }
    }

    #[test]
    fn an_anchor_at_the_offset_of_the_last_replaces_it_inside_a_run_too() {
        let a = |offset: usize, column: u32| Anchor::new(offset, 1, column, true);
        for n in 1..6 {
            let mut list: Vec<Anchor> = (0..n).map(|k| a(k, 1 + 3 * k as u32)).collect();
            let mut anchors = Anchors::from(list.clone());
            anchors.push(a(n - 1, 99));
            *list.last_mut().unwrap() = a(n - 1, 99);
            assert_eq!(anchors.iter().collect::<Vec<_>>(), list, "{n}");
            assert_eq!(anchors.last(), list.last().copied());
        }
    }

    #[test]
    fn a_body_of_escapes_is_two_entries() {
        let anchors =
            Anchors::from((0..1_000_000).map(|k| Anchor::new(k, 3, 1 + 3 * k as u32, true)).collect::<Vec<_>>());
        assert_eq!(anchors.0.len(), 2);
        assert_eq!(anchors.at(500_000), Some(Anchor::new(500_000, 3, 1_500_001, true)));
    }
}
