"""What an import did, post by post, as text for people and JSON for tools."""

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

# Categories become the article's category; Polylang's language terms
# say which language a post is in and which posts translate one another.
IMPORTED_TAXONOMIES = {"category", "language", "post_translations"}
TAXONOMY_NAMES = {"post_tag": "tag(s)", "post_format": "post format(s)"}


def why_not_imported(taxonomy):
    if taxonomy == "post_tag":
        return (
            "articles here have no tags (each keeps its one category); "
            "search finds articles by their words"
        )
    if taxonomy == "post_format":
        return "articles here have one format"
    return "the site has no such taxonomy"


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
    # Terms of the imported posts in taxonomies the site doesn't have
    # (tags): taxonomy -> {nicename}, and how many posts had some.
    terms_not_imported: dict = field(default_factory=dict)
    posts_with_terms_not_imported: Counter = field(default_factory=Counter)

    def note_terms_not_imported(self, item):
        taxonomies = set()
        for taxonomy, nicename, _name in item.terms:
            if taxonomy not in IMPORTED_TAXONOMIES:
                self.terms_not_imported.setdefault(taxonomy, set()).add(nicename)
                taxonomies.add(taxonomy)
        self.posts_with_terms_not_imported.update(taxonomies)

    def warn(self, wp_id, message):
        self.warnings.setdefault(wp_id, []).append(message)

    def as_dict(self):
        data = asdict(self)
        data["other_types"] = dict(self.other_types)
        data["terms_not_imported"] = {
            taxonomy: {
                "terms": sorted(terms),
                "posts": self.posts_with_terms_not_imported[taxonomy],
                "why": why_not_imported(taxonomy),
            }
            for taxonomy, terms in sorted(self.terms_not_imported.items())
        }
        del data["posts_with_terms_not_imported"]
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
        for taxonomy, terms in sorted(self.terms_not_imported.items()):
            posts = self.posts_with_terms_not_imported[taxonomy]
            lines.append(
                f"Not imported: {len(terms)} {TAXONOMY_NAMES.get(taxonomy, taxonomy)} "
                f"on {posts} post(s) ({', '.join(sorted(terms)[:10])}"
                f"{', …' if len(terms) > 10 else ''}): {why_not_imported(taxonomy)}"
            )
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
