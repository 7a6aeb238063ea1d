"""A person's portfolio: their projects (each with who signed it off) and the checklist of
the ladder's projects for their level and the next."""

from collections import defaultdict
from dataclasses import dataclass

from .extras import extras
from .models import ProjectStatus
from .standing import Standing
from .verification import MentorProof


def projects_for(user) -> list:
    """Return the person's projects, latest first, each with `signed_off`: the mentors'
    sign-offs (extras.SignOffInfo), in two queries."""
    projects = list(user.projects.select_related("template"))
    sign_offs = extras().sign_offs_by_project(user.pk) if projects else {}
    for project in projects:
        project.signed_off = sign_offs.get(project.pk, [])
    return projects


def projects_and_proof(user) -> tuple[list, MentorProof]:
    """Return projects_for(user) and what mentors backed of the person's skills
    (extras.mentor_proof), in the two queries of projects_for: the sign-offs and the proof
    are read together."""
    projects = list(user.projects.select_related("template"))
    if projects:
        sign_offs, proof = extras().sign_offs_and_proof(user.pk)
    else:  # no project, no sign-off
        sign_offs, proof = {}, extras().mentor_proof(user.pk)
    for project in projects:
        project.signed_off = sign_offs.get(project.pk, [])
    return projects, proof


@dataclass(frozen=True)
class Portfolio:
    projects: list  # with `signed_off`, latest first
    checklist: list  # [(ladder project template, [the person's done projects of it])]
    done_template_ids: frozenset  # the ladder projects the person has done

    @property
    def project_count(self) -> int:
        return len(self.projects)


def portfolio_for(standing: Standing, projects: list) -> Portfolio:
    """Return the portfolio of the person standing where `standing` says, from their
    projects (projects_for)."""
    done = defaultdict(list)
    for project in projects:
        if project.status == ProjectStatus.DONE and project.template_id:
            done[project.template_id].append(project)
    return Portfolio(
        projects=projects,
        checklist=[
            (template, done.get(template.pk, []))
            for level in (standing.current_level, standing.next_level)
            if level
            for template in level.project_templates
        ],
        done_template_ids=frozenset(done),
    )
