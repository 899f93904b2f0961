"""What a content check reports: findings, errors (which block approval)
or warnings, collected in a ``CheckResult``."""

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: str

    def as_dict(self):
        return {"level": self.level, "code": self.code, "message": str(self.message)}


@dataclass
class CheckResult:
    findings: list = field(default_factory=list)

    @property
    def errors(self):
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self):
        return [f for f in self.findings if f.level == WARNING]

    def codes(self):
        return {f.code for f in self.findings}

    def as_dict(self):
        return {
            "errors": [f.as_dict() for f in self.errors],
            "warnings": [f.as_dict() for f in self.warnings],
        }
