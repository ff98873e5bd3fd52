"""Benchmark the rostering planner against an exact CP-SAT reference.

Run from the repository root:

    python -m bench.roster_bench            # full run: quarters of 500 panels, plus tight cases
    python -m bench.roster_bench --quick    # a small run for CI or a quick look
    python -m bench.roster_bench --json bench/results.json

Each instance is a seeded random quarter. The reference solver (OR-Tools CP-SAT, a dev-only
dependency) first maximises coverage, then with coverage fixed minimises the highest load
(panels in the last 12 months plus new ones), then with that fixed minimises the sum of
squared loads: the same order of aims as the planner's. Its constraints are written out here
independently of the planner, and every plan is re-checked against them, so the benchmark
also catches rule breaches.
"""

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from panelhire.panels.rostering import (
    DEFAULT_TRAVEL_BUFFER,
    Commitment,
    PanelSlot,
    RosterResident,
    plan,
)

try:
    from ortools.sat.python import cp_model
except ImportError:  # the planner is still timed without the reference
    cp_model = None

QUARTER_START = date(2025, 4, 1)
QUARTER_DAYS = 91
# Europe/London is an hour ahead of UTC for the whole of April to June.
LONDON_OFFSET = timedelta(hours=1)


@dataclass(frozen=True)
class Shape:
    name: str
    panels: int
    residents: int
    services: int
    eligible_rate: float  # rough share of residents eligible for a panel
    monthly_limits: tuple[int, ...]
    daily_limits: tuple[int, ...]
    local_only: bool = False  # residents eligible only at the services they prefer


FULL = [
    Shape("quarter", 500, 300, 20, 0.6, (2, 3, 4), (4, 6, 8)),
    Shape("quarter", 500, 300, 20, 0.6, (2, 3, 4), (4, 6, 8)),
    Shape("quarter", 500, 300, 20, 0.6, (2, 3, 4), (4, 6, 8)),
    Shape("scarce", 300, 60, 10, 0.3, (1, 2), (3, 4, 6)),
    Shape("scarce", 300, 60, 10, 0.3, (1, 2), (3, 4, 6)),
    Shape("very-scarce", 250, 40, 8, 0.25, (1, 2), (3, 4)),
    Shape("local-only", 400, 120, 20, 0.8, (1, 2, 3), (4, 6), local_only=True),
]
QUICK = [
    Shape("quarter", 150, 90, 8, 0.6, (2, 3, 4), (4, 6, 8)),
    Shape("scarce", 80, 18, 5, 0.3, (1, 2), (3, 4, 6)),
]


# --- Instances ------------------------------------------------------------------------------


def _working_days() -> list[date]:
    days = [QUARTER_START + timedelta(days=i) for i in range(QUARTER_DAYS)]
    return [d for d in days if d.weekday() < 5]


def _utc(day: date, minutes: int) -> datetime:
    local = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes)
    return local - LONDON_OFFSET


def _panels(rng: random.Random, shape: Shape, days: list[date]) -> list[PanelSlot]:
    panels = []
    for pid in range(1, shape.panels + 1):
        day = rng.choice(days)
        interviews = rng.choice((2, 3, 3, 4, 4, 5))
        start = rng.choice(range(9 * 60, 15 * 60 + 1, 30))
        place = None if rng.random() < 0.1 else rng.randint(1, shape.services)
        starts = _utc(day, start)
        ends = starts + timedelta(minutes=45 * interviews)
        panels.append(PanelSlot(pid, starts, ends, day, place, interviews))
    return panels


def _resident(rng: random.Random, rid: int, shape: Shape, days: list[date]) -> RosterResident:
    home = rng.randint(1, shape.services)
    preferred = {home} | ({rng.randint(1, shape.services)} if rng.random() < 0.3 else set())
    months = sorted({(d.year, d.month) for d in days})
    booked_months = {m: rng.choice((0, 0, 0, 1)) for m in months}
    busy_days = rng.sample(days, 3)
    commitments = []
    for day in busy_days:
        starts = _utc(day, rng.choice(range(9 * 60, 16 * 60, 60)))
        commitments.append(Commitment(starts, starts + timedelta(hours=2), home))
    return RosterResident(
        id=rid,
        name=f"Resident {rid:03d}",
        recent_panels=min(12, int(rng.expovariate(1 / 2.5))),
        max_panels_per_month=rng.choice(shape.monthly_limits),
        max_interviews_per_day=rng.choice(shape.daily_limits),
        booked_panels_by_month=booked_months,
        booked_interviews_by_day={d: 2 for d in rng.sample(days, 2)},
        preferred_place_ids=frozenset(preferred),
        commitments=tuple(commitments),
    )


def _eligibility(
    rng: random.Random, shape: Shape, panels: list[PanelSlot], residents: list[RosterResident]
) -> tuple[dict[int, list[int]], dict[int, dict[int, list[str]]]]:
    """Availability by weekday, training that lapses or starts mid-quarter, and travel."""
    # solve a * 0.88 * t = rate for weekday availability a, with travel willingness t.
    travel = 0.9 if not shape.local_only else 0.0
    weekday_rate = min(0.95, shape.eligible_rate / (0.88 * max(travel, 0.9)))
    eligible: dict[int, list[int]] = defaultdict(list)
    excluded: dict[int, dict[int, list[str]]] = defaultdict(dict)
    profile = {}
    for r in residents:
        weekdays = {w for w in range(5) if rng.random() < weekday_rate}
        lapse = QUARTER_START + timedelta(days=rng.randint(0, QUARTER_DAYS))
        starts = QUARTER_START + timedelta(days=rng.randint(0, 40))
        roll = rng.random()
        valid = (QUARTER_START, lapse) if roll < 0.12 else (starts, None) if roll < 0.2 else None
        far = {s for s in range(1, shape.services + 1) if rng.random() > travel}
        profile[r.id] = (weekdays, valid, far - r.preferred_place_ids)
    for p in panels:
        for r in residents:
            weekdays, valid, far = profile[r.id]
            why = []
            if p.local_date.weekday() not in weekdays:
                why.append("not available that day")
            if valid and (p.local_date < valid[0] or (valid[1] and p.local_date >= valid[1])):
                why.append("training not in date on the panel's day")
            if p.place_id in far:
                why.append("does not travel to that service")
            if why:
                excluded[p.id][r.id] = why
            else:
                eligible[p.id].append(r.id)
    return dict(eligible), dict(excluded)


def make_instance(shape: Shape, seed: int) -> dict:
    rng = random.Random(seed)
    days = _working_days()
    panels = _panels(rng, shape, days)
    residents = [_resident(rng, rid, shape, days) for rid in range(1, shape.residents + 1)]
    eligible, excluded = _eligibility(rng, shape, panels, residents)
    return {"panels": panels, "residents": residents, "eligible": eligible, "excluded": excluded}


# --- The rules, written out independently of the planner ------------------------------------


def _clash(a, b, buffer: timedelta) -> bool:
    travel = a.place_id is not None and b.place_id is not None and a.place_id != b.place_id
    gap = buffer if travel else timedelta(0)
    return a.starts_at < b.ends_at + gap and b.starts_at < a.ends_at + gap


def usable_pairs(inst: dict, buffer: timedelta) -> dict[int, list[int]]:
    """Eligible residents who could take the panel if it were their only new one."""
    by_id = {r.id: r for r in inst["residents"]}
    out = {}
    for p in inst["panels"]:
        ok = []
        for rid in inst["eligible"].get(p.id, []):
            r = by_id[rid]
            if any(_clash(p, c, buffer) for c in r.commitments):
                continue
            if r.booked_panels_by_month.get(p.month, 0) + 1 > r.max_panels_per_month:
                continue
            booked = r.booked_interviews_by_day.get(p.local_date, 0)
            if booked + p.interviews > r.max_interviews_per_day:
                continue
            ok.append(rid)
        out[p.id] = ok
    return out


def breaches(inst: dict, assignments: dict[int, int], buffer: timedelta) -> list[str]:
    usable = usable_pairs(inst, buffer)
    panels = {p.id: p for p in inst["panels"]}
    by_id = {r.id: r for r in inst["residents"]}
    found = [f"panel {p}: {r} not usable" for p, r in assignments.items() if r not in usable[p]]
    taken: dict[int, list] = defaultdict(list)
    for pid, rid in assignments.items():
        taken[rid].append(panels[pid])
    for rid, mine in taken.items():
        r = by_id[rid]
        months, days = defaultdict(int), defaultdict(int)
        for p in mine:
            months[p.month] += 1
            days[p.local_date] += p.interviews
        for m, n in months.items():
            if n + r.booked_panels_by_month.get(m, 0) > r.max_panels_per_month:
                found.append(f"resident {rid}: monthly limit in {m}")
        for d, n in days.items():
            if n + r.booked_interviews_by_day.get(d, 0) > r.max_interviews_per_day:
                found.append(f"resident {rid}: daily limit on {d}")
        for i, a in enumerate(mine):
            found += [f"resident {rid}: clash" for b in mine[i + 1 :] if _clash(a, b, buffer)]
    return found


def fairness(inst: dict, assignments: dict[int, int]) -> dict[str, int]:
    load = {r.id: r.recent_panels for r in inst["residents"]}
    new = defaultdict(int)
    for rid in assignments.values():
        load[rid] += 1
        new[rid] += 1
    return {
        "max_load": max(load.values()),
        "sum_squares": sum(x * x for x in load.values()),
        "max_new": max(new.values(), default=0),
    }


# --- Exact reference ------------------------------------------------------------------------


def _clash_pairs(inst: dict, usable: dict[int, list[int]], buffer: timedelta):
    panels_of: dict[int, list[PanelSlot]] = defaultdict(list)
    for p in inst["panels"]:
        for rid in usable[p.id]:
            panels_of[rid].append(p)
    for rid, mine in panels_of.items():
        mine.sort(key=lambda p: p.starts_at)
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                if b.starts_at >= a.ends_at + buffer:
                    break
                if _clash(a, b, buffer):
                    yield rid, a.id, b.id


def reference(inst: dict, buffer: timedelta, seconds: float) -> dict:
    """Lexicographic optimum by CP-SAT: coverage, then highest load, then sum of squares."""
    usable = usable_pairs(inst, buffer)
    model = cp_model.CpModel()
    x = {(p, r): model.new_bool_var(f"x{p}_{r}") for p, rs in usable.items() for r in rs}
    by_panel, by_month, by_day = defaultdict(list), defaultdict(list), defaultdict(list)
    by_resident = defaultdict(list)
    panels = {p.id: p for p in inst["panels"]}
    for (pid, rid), var in x.items():
        p = panels[pid]
        by_panel[pid].append(var)
        by_resident[rid].append(var)
        by_month[(rid, p.month)].append(var)
        by_day[(rid, p.local_date)].append((var, p.interviews))
    by_id = {r.id: r for r in inst["residents"]}
    for vs in by_panel.values():
        model.add_at_most_one(vs)
    for (rid, m), vs in by_month.items():
        r = by_id[rid]
        model.add(sum(vs) <= r.max_panels_per_month - r.booked_panels_by_month.get(m, 0))
    for (rid, d), vs in by_day.items():
        r = by_id[rid]
        room = r.max_interviews_per_day - r.booked_interviews_by_day.get(d, 0)
        model.add(sum(k * v for v, k in vs) <= room)
    for rid, a, b in _clash_pairs(inst, usable, buffer):
        model.add_bool_or([x[(a, rid)].negated(), x[(b, rid)].negated()])

    stages, started = [], time.perf_counter()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    covered = sum(x.values())
    model.maximize(covered)
    status = solver.solve(model)
    coverage = round(solver.objective_value)
    stages.append(solver.status_name(status))
    model.add(covered == coverage) if status == cp_model.OPTIMAL else model.add(covered >= coverage)

    top = max(r.recent_panels for r in inst["residents"]) + 12
    loads, highest = {}, {}
    for rid, r in by_id.items():
        mine = by_resident[rid]
        highest[rid] = r.recent_panels + len(mine)
        loads[rid] = model.new_int_var(r.recent_panels, highest[rid], f"l{rid}")
        model.add(loads[rid] == r.recent_panels + sum(mine))
    peak = model.new_int_var(0, top + len(inst["panels"]), "peak")
    for v in loads.values():
        model.add(v <= peak)
    model.clear_objective()
    model.minimize(peak)
    status = solver.solve(model)
    best_peak = round(solver.objective_value)
    stages.append(solver.status_name(status))
    model.add(peak <= best_peak)

    # Sum of squared loads as a linear sum of rising marginal costs: the j-th new panel of a
    # resident with r recent ones adds (r + j)^2 - (r + j - 1)^2, and a minimiser always uses
    # the cheaper steps first, so no ordering constraint is needed.
    squares = []
    for rid, r in by_id.items():
        steps = [model.new_bool_var(f"y{rid}_{j}") for j in range(highest[rid] - r.recent_panels)]
        model.add(sum(steps) == sum(by_resident[rid]))
        base = r.recent_panels
        squares += [(2 * (base + j) + 1) * y for j, y in enumerate(steps)]
    constant = sum(r.recent_panels**2 for r in by_id.values())
    model.clear_objective()
    model.minimize(sum(squares) + constant)
    status = solver.solve(model)
    stages.append(solver.status_name(status))
    assignments = {p: r for (p, r), v in x.items() if solver.value(v)}
    return {
        "coverage": coverage,
        "fairness": fairness(inst, assignments),
        "sum_squares_bound": round(solver.best_objective_bound),
        "status": stages,
        "seconds": time.perf_counter() - started,
        "breaches": len(breaches(inst, assignments, buffer)),
    }


# --- Running --------------------------------------------------------------------------------


def measure(shape: Shape, seed: int, seconds: float) -> dict:
    inst = make_instance(shape, seed)
    buffer = DEFAULT_TRAVEL_BUFFER
    started = time.perf_counter()
    result = plan(inst["panels"], inst["residents"], inst["eligible"], buffer)
    ours_seconds = time.perf_counter() - started
    eligible = sum(len(v) for v in inst["eligible"].values())
    row = {
        "name": f"{shape.name}-{seed}",
        "panels": shape.panels,
        "residents": shape.residents,
        "eligible_share": round(eligible / (shape.panels * shape.residents), 3),
        "coverable": sum(1 for v in usable_pairs(inst, buffer).values() if v),
        "ours": {
            "coverage": len(result.assignments),
            "coverage_proven": result.coverage_proven,
            "fairness": fairness(inst, dict(result.assignments)),
            "seconds": round(ours_seconds, 3),
            "breaches": len(breaches(inst, dict(result.assignments), buffer)),
        },
    }
    if cp_model is not None:
        ref = reference(inst, buffer, seconds)
        ref["seconds"] = round(ref["seconds"], 2)
        row["reference"] = ref
        row["coverage_gap"] = ref["coverage"] - row["ours"]["coverage"]
        ours_f, ref_f = row["ours"]["fairness"], ref["fairness"]
        row["fairness_gap"] = ours_f["max_load"] - ref_f["max_load"]
        row["sum_squares_gap"] = ours_f["sum_squares"] - ref_f["sum_squares"]
    return row


def run(quick: bool, on_row: Callable[[dict], None] | None = None) -> dict:
    """Run the benchmark and return its results (the caller may save them as JSON)."""
    shapes = QUICK if quick else FULL
    seconds = 20.0 if quick else 60.0
    rows = []
    for seed, shape in enumerate(shapes, start=1):
        rows.append(measure(shape, seed, seconds))
        if on_row:
            on_row(rows[-1])
    summary: dict = {
        "instances": len(rows),
        "max_seconds_ours": max(r["ours"]["seconds"] for r in rows),
        "breaches_ours": sum(r["ours"]["breaches"] for r in rows),
    }
    if cp_model is not None:
        summary["max_coverage_gap"] = max(r["coverage_gap"] for r in rows)
        summary["max_fairness_gap"] = max(r["fairness_gap"] for r in rows)
        summary["max_sum_squares_gap"] = max(r["sum_squares_gap"] for r in rows)
        summary["max_seconds_reference"] = max(r["reference"]["seconds"] for r in rows)
    return {
        "quick": quick,
        "reference": "ortools CP-SAT" if cp_model is not None else None,
        "python": sys.version.split()[0],
        "rows": rows,
        "summary": summary,
    }


HEADER = (
    f"{'instance':<16}{'cover ours/opt':>16}{'gap':>5}{'maxload ours/opt':>18}"
    f"{'fair gap':>9}{'sumsq gap':>10}{'ours s':>8}{'cp-sat s':>9}  cp-sat status"
)


def _print_row(r: dict) -> None:
    ours, ref = r["ours"], r.get("reference")
    if ref is None:
        print(
            f"{r['name']:<16}{ours['coverage']:>16}{'':>5}{ours['fairness']['max_load']:>18}"
            f"{'':>9}{'':>10}{ours['seconds']:>8.3f}",
            flush=True,
        )
        return
    cover = f"{ours['coverage']}/{ref['coverage']}"
    loads = f"{ours['fairness']['max_load']}/{ref['fairness']['max_load']}"
    print(
        f"{r['name']:<16}{cover:>16}{r['coverage_gap']:>5}{loads:>18}"
        f"{r['fairness_gap']:>9}{r['sum_squares_gap']:>10}{ours['seconds']:>8.3f}"
        f"{ref['seconds']:>9.2f}  {','.join(ref['status'])}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run")
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    args = parser.parse_args(argv)
    if cp_model is None:
        print("OR-Tools is not installed: no exact reference; timing the planner only.")
    print(HEADER, flush=True)
    results = run(args.quick, on_row=_print_row)
    print("summary:", json.dumps(results["summary"]))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2, default=str)


if __name__ == "__main__":
    main()
