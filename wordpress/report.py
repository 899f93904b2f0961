"""What an import did, post by post, as text for people and JSON for tools."""

import json
from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass
class PostOutcome:
    wp_id: int
    title: str
    url: str = ""
    reason: str = ""
    article_id: int | None = None


@dataclass
class Report:
    site_url: str = ""
    dry_run: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    # wp_id -> [message]
    warnings: dict = field(default_factory=dict)
    # Items of post types not imported (attachments, menus…): type -> count.
    other_types: Counter = field(default_factory=Counter)
    redirects: list = field(default_factory=list)  # [(old path, new path)]

    def warn(self, wp_id, message):
        self.warnings.setdefault(wp_id, []).append(message)

    def as_dict(self):
        data = asdict(self)
        data["other_types"] = dict(self.other_types)
        data["warnings"] = {str(k): v for k, v in self.warnings.items()}
        data["redirects"] = [list(pair) for pair in self.redirects]
        return data

    def as_json(self):
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def as_text(self):
        heading = "Dry run: nothing was written." if self.dry_run else "Import done."
        lines = [
            f"{heading} Source: {self.site_url}",
            f"Created: {len(self.created)}  Updated: {len(self.updated)}  "
            f"Unchanged: {len(self.unchanged)}  Skipped: {len(self.skipped)}  "
            f"Failed: {len(self.failed)}  Redirects: {len(self.redirects)}",
        ]
        if self.other_types:
            kinds = ", ".join(f"{n} {t}" for t, n in sorted(self.other_types.items()))
            lines.append(f"Not imported (other post types): {kinds}")
        for title, outcomes in (("Skipped", self.skipped), ("Failed", self.failed)):
            if outcomes:
                lines.append(f"\n{title}:")
                lines += [f"  #{o.wp_id} {o.title}: {o.reason}" for o in outcomes]
        if self.warnings:
            lines.append("\nWarnings:")
            titles = {
                o.wp_id: o.title
                for o in self.created + self.updated + self.skipped + self.failed
            }
            for wp_id, messages in self.warnings.items():
                lines.append(f"  #{wp_id} {titles.get(wp_id, '')}")
                lines += [f"    - {m}" for m in messages]
        return "\n".join(lines) + "\n"
