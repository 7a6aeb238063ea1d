"""A person's evidence as the pages read it: the links grouped by the skill or the project
they show, in one query (the rows come with their skill or project)."""

from collections import defaultdict
from dataclasses import dataclass, field

from .models import Evidence


@dataclass(frozen=True)
class EvidenceSet:
    by_skill: dict[int, list[Evidence]] = field(default_factory=dict)  # skill id -> oldest first
    by_project: dict[int, list[Evidence]] = field(default_factory=dict)  # project id -> ...

    def for_skill(self, skill_id: int) -> list[Evidence]:
        return self.by_skill.get(skill_id, [])

    def for_project(self, project_id: int) -> list[Evidence]:
        return self.by_project.get(project_id, [])

    @property
    def count(self) -> int:
        return sum(map(len, self.by_skill.values())) + sum(map(len, self.by_project.values()))

    def __bool__(self) -> bool:
        return bool(self.by_skill or self.by_project)


NO_EVIDENCE = EvidenceSet()


def group_evidence(rows) -> EvidenceSet:
    """Return `rows` (Evidence) grouped by skill and by project, keeping their order."""
    by_skill: defaultdict[int, list[Evidence]] = defaultdict(list)
    by_project: defaultdict[int, list[Evidence]] = defaultdict(list)
    for row in rows:
        if row.skill_id is not None:
            by_skill[row.skill_id].append(row)
        else:
            by_project[row.project_id].append(row)
    return EvidenceSet(by_skill=dict(by_skill), by_project=dict(by_project))


def evidence_of(user_id: int) -> EvidenceSet:
    """Return every piece of the person's evidence, retired skills' included, in one query."""
    return group_evidence(Evidence.objects.of_user(user_id))
