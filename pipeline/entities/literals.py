"""Closed vocabularies of the output schema (pipeline/models.py) as entities/ produces them, and checks
that narrow a string read from a rule file or set by a rule to one of them (for mypy --strict)."""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

from ..models import Design, DoseRole, NumberKind, Route

Phase = Literal["1", "2", "3", "4", "2/3", "1/2"]
Outcome = Literal["positive", "negative", "mixed", "ongoing", "unclear"]
Status = Literal["approved", "failed", "investigational", "unclear"]
DrugKind = Literal["small_molecule", "biologic", "investigational_code", "other"]
ArmRole = Literal["treatment", "placebo", "control"]
Comparator = Literal["<", "<=", ">=", ">"]
PComparator = Literal["<", "<=", "=", ">=", ">"]
PeriodUnit = Literal["min", "h", "d", "wk", "mo", "a"]

__all__ = ["ArmRole", "Comparator", "Design", "DoseRole", "DrugKind", "NumberKind", "Outcome", "PComparator"]
__all__ += ["PeriodUnit", "Phase", "Route", "Status", "comparator", "drug_kind", "is_phase"]
__all__ += ["is_status", "p_comparator", "period_unit"]


def is_phase(x: str) -> TypeGuard[Phase]:
    return x in get_args(Phase)


def is_status(x: str) -> TypeGuard[Status]:
    return x in get_args(Status)


def _is_drug_kind(x: str) -> TypeGuard[DrugKind]:
    return x in get_args(DrugKind)


def _is_comparator(x: str) -> TypeGuard[Comparator]:
    return x in get_args(Comparator)


def _is_p_comparator(x: str) -> TypeGuard[PComparator]:
    return x in get_args(PComparator)


def _is_period_unit(x: str) -> TypeGuard[PeriodUnit]:
    return x in get_args(PeriodUnit)


# Anything outside a vocabulary is a bug of a rule or a rule file: the schema would reject it as well.


def comparator(x: str | None) -> Comparator | None:
    """A number's comparator."""
    if x is None or _is_comparator(x):
        return x
    raise ValueError(f"not a comparator: {x!r}")


def p_comparator(x: str) -> PComparator:
    """A P value's comparator ("=" when none is printed)."""
    if _is_p_comparator(x):
        return x
    raise ValueError(f"not a P value comparator: {x!r}")


def drug_kind(x: str) -> DrugKind:
    """An agent's kind as the lexicon or a finding rule gives it."""
    if _is_drug_kind(x):
        return x
    raise ValueError(f"not a drug kind: {x!r}")


def period_unit(x: str) -> PeriodUnit:
    """The unit of a dosing frequency's period."""
    if _is_period_unit(x):
        return x
    raise ValueError(f"not a period unit: {x!r}")
