"""Cohort analytics: plain data in, pandas DataFrames out. No ORM, no views.

The selectors gather rows (cohorts.selectors.cohort_data); these functions shape them for the
overview table, the charts and the exports.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from fractions import Fraction

import pandas as pd

from cohorts.choices import MilestoneStatus
from cohorts.stages import implementation_stage
from core.choices import ImplementationStage
from core.numbers import round_half_up

ROUND_LABELS = {
    0: "Baseline",
    6: "6 months",
    12: "12 months",
    18: "18 months",
    24: "24 months",
    36: "36 months",
}
SORT_KEYS = ("council", "overall", "change", "done", "late", "stage", "submitted")
STAGE_ORDER = {stage.label: order for order, stage in enumerate(ImplementationStage)}


def round_label(months: int) -> str:
    return ROUND_LABELS.get(months, f"{months} months")


def parse_round(value: str) -> int | None:
    """A ``?round=`` value: None for empty (each council's latest); ValueError if unknown."""
    if not value:
        return None
    if not value.isdigit() or int(value) not in ROUND_LABELS:
        raise ValueError(f"{value!r} is not a round")
    return int(value)


def exact_median(values: Iterable) -> float | None:
    """The median of one-decimal scores, computed exactly and rounded half up (DESIGN 3)."""
    exact = sorted(Fraction(str(v)) for v in values if not is_missing(v))
    if not exact:
        return None
    middle = len(exact) // 2
    median = exact[middle] if len(exact) % 2 else (exact[middle - 1] + exact[middle]) / 2
    return float(round_half_up(median))


def exact_difference(later, earlier) -> float | None:
    if is_missing(later) or is_missing(earlier) or later is None or earlier is None:
        return None
    return float(round_half_up(Fraction(str(later)) - Fraction(str(earlier))))


def councils_frame(councils: Iterable) -> pd.DataFrame:
    return pd.DataFrame(
        [{"authority_id": c.pk, "council": c.name, "ons_code": c.ons_code} for c in councils],
        columns=["authority_id", "council", "ons_code"],
    )


def overview(
    *,
    councils: pd.DataFrame,
    assessments: list[dict],
    entries: list[dict],
    milestone_slugs: list[str],
    domain_slugs: list[str],
    round_filter: int | None,
    today: datetime.date,
) -> pd.DataFrame:
    """One row per council: the chosen (or latest) submitted round, change since the round
    before it, milestones done and late, and the implementation stage.

    ``assessments`` are the selectors' rows (id, authority_id, round, status, submitted_at,
    scores). One plain pass per council: per-council pandas slicing cost a cohort of every
    English council most of its time budget.
    """
    histories: dict[int, list[dict]] = {}
    for item in sorted(assessments, key=lambda a: (a["authority_id"], a["round"])):
        histories.setdefault(item["authority_id"], []).append(item)
    plans: dict[int, list[dict]] = {}
    for entry in entries:
        plans.setdefault(entry["authority_id"], []).append(entry)
    rows = []
    for council in councils.itertuples(index=False):
        history = histories.get(council.authority_id, [])
        if round_filter is None:
            shown = history[-1] if history else None
            earlier = history[:-1]
        else:
            shown = next((a for a in history if a["round"] == round_filter), None)
            earlier = [a for a in history if a["round"] < round_filter]
        previous = earlier[-1] if earlier else None
        scores = (shown or {}).get("scores") or {}
        by_domain = {d["slug"]: d for d in scores.get("domains", [])}
        plan = plans.get(council.authority_id, [])
        done = {e["slug"] for e in plan if e["status"] == MilestoneStatus.DONE}
        late = sum(
            1
            for e in plan
            if e["status"] != MilestoneStatus.DONE
            and e["target_date"] is not None
            and e["target_date"] < today
        )
        latest_band = ((history[-1].get("scores") or {}).get("band")) if history else None
        row = {
            "authority_id": council.authority_id,
            "council": council.council,
            "ons_code": council.ons_code,
            "assessment_id": None if shown is None else shown["id"],
            "round": None if shown is None else shown["round"],
            "round_label": None if shown is None else round_label(shown["round"]),
            "status": None if shown is None else shown["status"],
            "overall": scores.get("overall"),
            "band": scores.get("band"),
            "capped": bool(scores.get("capped")),
            "change": (
                None
                if shown is None or previous is None
                else exact_difference(
                    scores.get("overall"), (previous.get("scores") or {}).get("overall")
                )
            ),
            "done": len(done),
            "total": len(milestone_slugs),
            "late": late,
            "stage": implementation_stage(
                done=done, milestone_count=len(milestone_slugs), latest_band=latest_band
            ).label,
            "submitted": None if shown is None else shown["submitted_at"],
        }
        for slug in domain_slugs:
            row[f"score:{slug}"] = by_domain.get(slug, {}).get("score")
            row[f"rag:{slug}"] = by_domain.get(slug, {}).get("rag")
        rows.append(row)
    frame = pd.DataFrame(rows)
    # Councils with nothing submitted leave gaps: keep ids whole numbers, not floats.
    for column in ("assessment_id", "round"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return frame


def sort_overview(frame: pd.DataFrame, *, key: str, descending: bool) -> pd.DataFrame:
    """Sort by a column; councils without a value go last either way."""
    if key not in SORT_KEYS or frame.empty:
        key = "council"
    if key == "stage":
        values = frame["stage"].map(STAGE_ORDER)
    elif key == "council":
        values = frame["council"].str.lower()
    else:
        values = frame[key]
    order = values.sort_values(ascending=not descending, na_position="last", kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def cohort_medians(frame: pd.DataFrame, domain_slugs: list[str]) -> dict:
    """The cohort median of the overall and of each domain, over councils with a score."""
    columns = ["overall", *(f"score:{slug}" for slug in domain_slugs)]
    return {column: exact_median(frame[column]) if column in frame else None for column in columns}


def rounds_summary(assessments: list[dict], councils: Iterable) -> dict:
    """Overall score per council (in the councils' order) and round, with the cohort median of
    each round: the rounds chart and its table read the same figures. ``assessments`` are the
    selectors' rows; a round shows once a council has an overall score in it. A plain pass, as
    in overview(): a pandas merge and pivot cost more than the rest of the overview's analysis."""
    councils = list(councils)
    ids = {council.pk for council in councils}
    overall: dict[tuple[int, int], float] = {}
    for item in assessments:
        value = (item.get("scores") or {}).get("overall")
        if value is not None and item["authority_id"] in ids:
            overall.setdefault((item["authority_id"], item["round"]), float(value))
    rounds = sorted({round_ for _, round_ in overall})
    rows = [(council.name, [overall.get((council.pk, r)) for r in rounds]) for council in councils]
    medians = [exact_median(values[column] for _, values in rows) for column in range(len(rounds))]
    return {"rounds": [round_label(r) for r in rounds], "rows": rows, "medians": medians}


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts for templates and JSON, with pandas' missing values as None."""
    return [
        {key: (None if is_missing(value) else value) for key, value in row.items()}
        for row in frame.to_dict("records")
    ]


def is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, dicts
        return False


def milestones_by_year(
    entries: list[dict], councils: pd.DataFrame
) -> tuple[list[int], list[tuple[str, list[int]]]]:
    """Milestones each council had done by the end of each year: the chart and its table."""
    done = [
        e["actual_date"]
        for e in entries
        if e["status"] == MilestoneStatus.DONE and e["actual_date"]
    ]
    if not done:
        return [], []
    years = list(range(min(done).year, max(done).year + 1))
    rows = []
    for council in councils.itertuples(index=False):
        own = [
            e["actual_date"]
            for e in entries
            if e["authority_id"] == council.authority_id
            and e["status"] == MilestoneStatus.DONE
            and e["actual_date"]
        ]
        rows.append((council.council, [sum(1 for d in own if d.year <= year) for year in years]))
    return years, rows
