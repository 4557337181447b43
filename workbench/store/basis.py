"""The basis of a verdict: a claim's alignment links, written the same way wherever it is compared."""

from __future__ import annotations

# One row per claim that has links: claim, now ("other passage:score;..." ordered by passage id).
# A verdict stores this string when it is given; a different string later means the alignment moved.
BASIS = """
SELECT claim, group_concat(other || ':' || printf('%.1f', score), ';') AS now
FROM (
    SELECT a AS claim, b AS other, score FROM links
    UNION ALL
    SELECT b AS claim, a AS other, score FROM links
    ORDER BY claim, other
) AS linked
GROUP BY claim
"""

_BASIS_OF = """
SELECT coalesce(group_concat(other || ':' || printf('%.1f', score), ';'), '')
FROM (
    SELECT b AS other, score FROM links WHERE a = {claim}
    UNION ALL
    SELECT a AS other, score FROM links WHERE b = {claim}
    ORDER BY other
) AS linked
"""
BASIS_OF_ONE = _BASIS_OF.format(claim=":claim")
# The same as a subquery of a query over verdicts (as `v`): each verdict's claim, from its own links.
BASIS_OF_VERDICT = _BASIS_OF.format(claim="v.passage_id")

# The same, for the claims of some articles only (named by :first and :second).
BASIS_OF_ARTICLES = """
SELECT claim, group_concat(other || ':' || printf('%.1f', score), ';') AS now
FROM (
    SELECT a AS claim, b AS other, score FROM links WHERE a_article IN (:first, :second)
    UNION ALL
    SELECT b AS claim, a AS other, score FROM links
    WHERE b IN (SELECT id FROM passages WHERE article_id IN (:first, :second))
    ORDER BY claim, other
) AS linked
GROUP BY claim
"""
