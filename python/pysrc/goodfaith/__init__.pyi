"""Type stubs for goodfaith."""

from os import PathLike
from typing import Any, Iterable, Literal, Mapping, Optional, Sequence, TypedDict, Union

__version__: str

Kind = Literal["auto", "plain", "vtt", "srt", "otter", "eml", "mbox", "markdown", "html", "ndjson", "docx", "pdf"]
ProfileName = Literal["conversation", "email", "policy", "policy-strict"]
Verdict = Literal[
    "mutual-agreement",
    "pressured-agreement",
    "one-sided",
    "working-toward-agreement",
    "coercive",
    "neutral",
    "good-faith",
    "empty",
]

class ScoreLines(TypedDict):
    agreement: list[int]
    mutuality: list[int]
    decisiveness: list[int]
    respect: list[int]

class Score(TypedDict):
    total: int
    agreement: int
    mutuality: int
    decisiveness: int
    respect: int
    lines: ScoreLines

class Speaker(TypedDict):
    name: str
    words: int
    share: float
    turns: int
    questions: int
    coercive: int
    mutual: int
    assented: bool
    resigned: bool
    pressure: float

class Pressure(TypedDict):
    by: Optional[str]
    on: list[str]
    weight: float
    lines: list[int]

class _FindingRequired(TypedDict):
    rule: str
    family: Literal["coercive", "mutual", "signal"]
    category: str
    severity: Literal["info", "warning", "error"]
    line: int
    column: int
    end_line: int
    end_column: int
    speaker: Optional[str]
    turn: int
    matched: str
    sentence: str
    message: str
    suggestion: Optional[str]
    negated: bool
    quoted: bool
    weight: float

class Finding(_FindingRequired, total=False):
    span: list[int]
    page: int

class _ReportRequired(TypedDict):
    path: str
    kind: Literal["conversation", "message"]
    profile: ProfileName
    verdict: Verdict
    score: Score
    reasons: list[str]
    speakers: list[Speaker]
    pressure: list[Pressure]
    findings: list[Finding]

class Report(_ReportRequired, total=False):
    id: Any
    extra: dict[str, Any]
    position: Literal["paragraph", "page-line"]
    notices: list[dict[str, Any]]
    suppressed: int
    unused_suppressions: list[dict[str, Any]]

class ItemError(TypedDict):
    path: str
    item: int
    error: str

Turn = Union[str, Mapping[str, Any]]
Item = Union[str, bytes, bytearray, Mapping[str, Any], Sequence[Turn]]

class Model:
    """A trained sentence scorer read from a model file."""

    def __init__(self, path: Union[str, PathLike[str]]) -> None: ...
    @staticmethod
    def builtin() -> Optional[Model]: ...
    @property
    def source(self) -> str: ...
    @property
    def size(self) -> int: ...

class Lexicon:
    """The built-in lexicons plus your own rules, allowed phrases and model."""

    def __init__(
        self,
        files: Sequence[Union[str, PathLike[str]]] = ...,
        *,
        sources: Sequence[tuple[str, str]] = ...,
        allow: Sequence[str] = ...,
        builtin: bool = True,
        model: Optional[Model] = None,
        no_model: bool = False,
    ) -> None: ...
    def rules(self) -> list[dict[str, Optional[str]]]: ...
    def __len__(self) -> int: ...

def analyse(
    text: Item,
    kind: Kind = "auto",
    speakers: Optional[Sequence[Optional[str]]] = None,
    *,
    profile: Optional[ProfileName] = None,
    path: str = "-",
    lexicon: Optional[Lexicon] = None,
) -> Report: ...
def analyse_file(
    path: Union[str, PathLike[str]],
    *,
    kind: Kind = "auto",
    profile: Optional[ProfileName] = None,
    lexicon: Optional[Lexicon] = None,
) -> Report: ...
def analyse_many(
    items: Iterable[Item],
    threads: Optional[int] = None,
    *,
    kind: Kind = "auto",
    profile: Optional[ProfileName] = None,
    path: str = "-",
    lexicon: Optional[Lexicon] = None,
    first_line: int = 1,
    errors: Literal["raise", "keep"] = "raise",
) -> list[Union[Report, ItemError]]: ...
