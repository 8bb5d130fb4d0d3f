"""The fact-check's verdict rules, as a pure function over the data.

The rules are the ones the fact-check page states (section "How verdicts are given"):

1. Every claim rests on at least one source other than the original article.
2. "Accurate", "accurate at the time", "outdated" and "inaccurate" need at least one independent
   source: one that is not the original article, not a site we rate weak, and not the party who made
   the claim (the claim's `independent` list names them).
3. "Disputed" needs at least two sources of ours that are not weak, so that there is a dispute to show.
4. "Unverifiable" is what remains when rule 2 cannot be met.
"""

from __future__ import annotations

from scripts.model import Claim, DataSet, Reliability, Source, SourceKind, Verdict

NEEDS_INDEPENDENT = {Verdict.accurate, Verdict.accurate_at_the_time, Verdict.outdated, Verdict.inaccurate}


def _solid(source: Source) -> bool:
    return source.kind is not SourceKind.original and source.reliability is not Reliability.weak


def claim_problems(claim: Claim, sources: dict[str, Source]) -> list[str]:
    """Why a claim's verdict breaks the rules; empty when it follows them."""
    problems = []
    own = [sources[i] for i in claim.sources if sources[i].kind is not SourceKind.original]
    if not own:
        problems.append("rests on the original article alone (rule 1)")
    for ref in claim.independent:
        src = sources[ref]
        if not _solid(src):
            problems.append(f"'{ref}' is listed as independent but is the original article or a weak site (rule 2)")
    independent = [i for i in claim.independent if _solid(sources[i])]
    if claim.verdict in NEEDS_INDEPENDENT and not independent:
        problems.append(f"'{claim.verdict.value}' needs at least one independent source; "
                        "with none, the verdict is 'unverifiable' (rule 2)")
    if claim.verdict is Verdict.disputed and sum(_solid(s) for s in own) < 2:
        problems.append("'disputed' needs at least two sources that are not weak (rule 3)")
    return problems


def verdict_problems(data: DataSet) -> list[str]:
    """Every rule broken in the data, as 'claims[<id>]: <why>' lines."""
    sources = data.by_id("sources")
    return [f"claims[{c.id}]: {p}" for c in data.claims for p in claim_problems(c, sources)]
