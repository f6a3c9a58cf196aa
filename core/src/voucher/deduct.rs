//! How much each voucher deducts, and from which lines.
//!
//! Vouchers apply one after another in a fixed order. Each deducts
//! min(its balance, the amount still due on the lines in its scope), where
//! "still due" lets earlier vouchers move between lines they may all pay for
//! (their totals never change), so a later voucher with a narrower scope is
//! not starved by an earlier, broader one that happened to take "its" line.
//!
//! That is an incremental maximum flow (source → voucher → line → sink, with
//! the balance and the line's due as capacities), augmented only from the
//! newest voucher. Because deductable amounts form a polymatroid, taking each
//! voucher to the maximum in turn also reaches the largest total deduction
//! any selection order could reach, and adding a voucher never lowers it.
//! When every voucher may pay for every line, the flow is a plain sequential
//! fill, which is what the fast path does.

/// Per voucher (in application order): total deducted and per-line amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Deductions {
    /// Total deducted by each voucher, fen.
    pub per_voucher: Vec<i64>,
    /// `flow[v][l]`: fen voucher `v` pays on line `l`.
    pub flow: Vec<Vec<i64>>,
}

/// Computes deductions. `dues[l]` is what is still due on line `l`;
/// `balances[v]` the balance of voucher `v`; `covers(v, l)` whether voucher
/// `v` may pay for line `l`. All amounts in fen, none negative.
pub(crate) fn deduct(
    dues: &[i64],
    balances: &[i64],
    covers: &dyn Fn(usize, usize) -> bool,
) -> Deductions {
    let lines = dues.len();
    let all_cover = (0..balances.len()).all(|v| (0..lines).all(|l| covers(v, l)));
    if all_cover {
        sequential_fill(dues, balances)
    } else {
        incremental_flow(dues, balances, covers)
    }
}

/// Every voucher covers every line: fill the lines in order.
fn sequential_fill(dues: &[i64], balances: &[i64]) -> Deductions {
    let mut left: Vec<i64> = dues.to_vec();
    let mut per_voucher = Vec::with_capacity(balances.len());
    let mut flow = Vec::with_capacity(balances.len());
    for &balance in balances {
        let mut to_pay = balance;
        let mut row = vec![0; dues.len()];
        for (due, paid) in left.iter_mut().zip(row.iter_mut()) {
            if to_pay == 0 {
                break;
            }
            let take = to_pay.min(*due);
            *due -= take;
            *paid = take;
            to_pay -= take;
        }
        per_voucher.push(balance - to_pay);
        flow.push(row);
    }
    Deductions { per_voucher, flow }
}

#[derive(Clone, Copy)]
enum Node {
    Voucher(usize),
    Line(usize),
}

#[expect(
    clippy::indexing_slicing,
    reason = "every index comes from 0..vouchers or 0..lines over vectors of exactly those lengths"
)]
fn incremental_flow(
    dues: &[i64],
    balances: &[i64],
    covers: &dyn Fn(usize, usize) -> bool,
) -> Deductions {
    let lines = dues.len();
    let vouchers = balances.len();
    let scope: Vec<Vec<bool>> = (0..vouchers)
        .map(|v| (0..lines).map(|l| covers(v, l)).collect())
        .collect();
    let mut flow = vec![vec![0_i64; lines]; vouchers];
    let mut residual_due = dues.to_vec();
    let mut per_voucher = vec![0_i64; vouchers];

    for k in 0..vouchers {
        let mut left = balances[k];
        while left > 0 {
            // Breadth-first search for a shortest augmenting path from voucher k.
            let mut line_from: Vec<Option<usize>> = vec![None; lines];
            let mut voucher_from: Vec<Option<usize>> = vec![None; k + 1];
            let mut seen_voucher = vec![false; k + 1];
            seen_voucher[k] = true;
            let mut queue = std::collections::VecDeque::from([Node::Voucher(k)]);
            let mut end = None;
            'search: while let Some(node) = queue.pop_front() {
                match node {
                    Node::Voucher(v) => {
                        for l in 0..lines {
                            if scope[v][l] && line_from[l].is_none() {
                                line_from[l] = Some(v);
                                if residual_due[l] > 0 {
                                    end = Some(l);
                                    break 'search;
                                }
                                queue.push_back(Node::Line(l));
                            }
                        }
                    }
                    Node::Line(l) => {
                        for v in 0..=k {
                            if !seen_voucher[v] && flow[v][l] > 0 {
                                seen_voucher[v] = true;
                                voucher_from[v] = Some(l);
                                queue.push_back(Node::Voucher(v));
                            }
                        }
                    }
                }
            }
            let Some(end) = end else { break };

            // Bottleneck: the balance left, the line's due, and every flow undone on the way.
            let mut delta = left.min(residual_due[end]);
            let mut l = end;
            while let Some(v) = line_from[l] {
                if v == k {
                    break;
                }
                let Some(previous) = voucher_from[v] else {
                    break;
                };
                delta = delta.min(flow[v][previous]);
                l = previous;
            }

            residual_due[end] -= delta;
            let mut l = end;
            while let Some(v) = line_from[l] {
                flow[v][l] += delta;
                if v == k {
                    break;
                }
                let Some(previous) = voucher_from[v] else {
                    break;
                };
                flow[v][previous] -= delta;
                l = previous;
            }
            left -= delta;
            per_voucher[k] += delta;
        }
    }
    Deductions { per_voucher, flow }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broad_voucher_makes_room_for_narrow_one() {
        // line 0 (category X) 50, line 1 (category Y) 50;
        // voucher 0 pays anything, 50; voucher 1 pays only X, 50.
        let covers = |v: usize, l: usize| v == 0 || l == 0;
        let d = deduct(&[5000, 5000], &[5000, 5000], &covers);
        assert_eq!(d.per_voucher, vec![5000, 5000]);
        assert_eq!(d.flow, vec![vec![0, 5000], vec![5000, 0]]);
    }

    #[test]
    fn sequential_fill_when_everything_covers() {
        let d = deduct(&[1000, 500], &[800, 800, 800], &|_, _| true);
        assert_eq!(d.per_voucher, vec![800, 700, 0]);
        assert_eq!(d.flow, vec![vec![800, 0], vec![200, 500], vec![0, 0]]);
    }

    #[test]
    fn out_of_scope_voucher_deducts_nothing() {
        let d = deduct(&[1000], &[500, 500], &|v, _| v == 0);
        assert_eq!(d.per_voucher, vec![500, 0]);
    }

    #[test]
    fn flow_matches_fill_when_everything_covers() {
        let dues = [300, 0, 700, 1];
        let balances = [250, 600, 10, 500];
        let fill = sequential_fill(&dues, &balances);
        let flow = incremental_flow(&dues, &balances, &|_, _| true);
        assert_eq!(fill.per_voucher, flow.per_voucher);
    }
}
