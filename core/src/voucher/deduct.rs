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
/// `v` may pay for line `l`; `order` every line once, in the order lines
/// are visited (filled, searched), so that which line a voucher pays does
/// not depend on where the caller listed it. All amounts in fen, none
/// negative.
pub(crate) fn deduct(
    dues: &[i64],
    balances: &[i64],
    covers: &dyn Fn(usize, usize) -> bool,
    order: &[usize],
) -> Deductions {
    let lines = dues.len();
    let all_cover = (0..balances.len()).all(|v| (0..lines).all(|l| covers(v, l)));
    if all_cover {
        sequential_fill(dues, balances, order)
    } else {
        incremental_flow(dues, balances, covers, order)
    }
}

/// Every voucher covers every line: fill the lines in `order`.
fn sequential_fill(dues: &[i64], balances: &[i64], order: &[usize]) -> Deductions {
    let mut left: Vec<i64> = dues.to_vec();
    let mut per_voucher = Vec::with_capacity(balances.len());
    let mut flow = Vec::with_capacity(balances.len());
    for &balance in balances {
        let mut to_pay = balance;
        let mut row = vec![0; dues.len()];
        for &l in order {
            if to_pay == 0 {
                break;
            }
            let (Some(due), Some(paid)) = (left.get_mut(l), row.get_mut(l)) else {
                continue;
            };
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
    reason = "every index comes from 0..vouchers or 0..lines (`order` is a permutation of 0..lines) over vectors of exactly those lengths"
)]
fn incremental_flow(
    dues: &[i64],
    balances: &[i64],
    covers: &dyn Fn(usize, usize) -> bool,
    order: &[usize],
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
                        for &l in order {
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

/// Moves what `d`'s vouchers pay from lines outside `preferred` onto lines
/// in it that still have something due, as far as the vouchers' scopes
/// allow, each voucher's total and each line's due kept: afterwards the
/// vouchers pay as little outside `preferred` as any deduction of the same
/// per-voucher totals could.
///
/// A move is a path from a line outside `preferred` that a voucher pays,
/// through vouchers and lines they both may pay for (each voucher paying
/// one line less and the next more), to a line in `preferred` with room:
/// every line on the way keeps its total. When no such path is left, none
/// exists that lowers what is paid outside `preferred` (a flow of least
/// cost has no cycle of negative cost), so that amount is the least there
/// is, whatever order the lines came in.
#[expect(
    clippy::indexing_slicing,
    reason = "every index comes from 0..vouchers or 0..lines (`order` is a permutation of 0..lines) over vectors of exactly those lengths"
)]
pub(crate) fn prefer_lines(
    d: &mut Deductions,
    dues: &[i64],
    covers: &dyn Fn(usize, usize) -> bool,
    order: &[usize],
    preferred: &[bool],
) {
    let lines = dues.len();
    let vouchers = d.flow.len();
    let wanted = |l: usize| preferred.get(l).copied().unwrap_or(false);
    let mut room: Vec<i64> = (0..lines)
        .map(|l| dues[l] - d.flow.iter().map(|row| row[l]).sum::<i64>())
        .collect();
    loop {
        // Breadth-first from every voucher paying a line outside
        // `preferred`, to a line in it with room.
        let mut start_of: Vec<Option<usize>> = vec![None; vouchers];
        let mut voucher_from: Vec<Option<usize>> = vec![None; vouchers];
        let mut line_from: Vec<Option<usize>> = vec![None; lines];
        let mut queue = std::collections::VecDeque::new();
        for (v, start) in start_of.iter_mut().enumerate() {
            if let Some(&l) = order.iter().find(|&&l| !wanted(l) && d.flow[v][l] > 0) {
                *start = Some(l);
                queue.push_back(v);
            }
        }
        let mut end = None;
        'search: while let Some(v) = queue.pop_front() {
            for &l in order {
                if line_from[l].is_some() || !covers(v, l) {
                    continue;
                }
                line_from[l] = Some(v);
                if wanted(l) && room[l] > 0 {
                    end = Some(l);
                    break 'search;
                }
                for next in 0..vouchers {
                    if start_of[next].is_none()
                        && voucher_from[next].is_none()
                        && d.flow[next][l] > 0
                    {
                        voucher_from[next] = Some(l);
                        queue.push_back(next);
                    }
                }
            }
        }
        let Some(end) = end else { return };
        // The most that can move: the room at the end, and what each
        // voucher on the way pays the line it gives up.
        let mut delta = room[end];
        let mut l = end;
        let start = loop {
            let Some(v) = line_from[l] else { return };
            let Some(from) = start_of[v].or(voucher_from[v]) else {
                return;
            };
            delta = delta.min(d.flow[v][from]);
            if start_of[v].is_some() {
                break from;
            }
            l = from;
        };
        let mut l = end;
        loop {
            let Some(v) = line_from[l] else { return };
            let Some(from) = start_of[v].or(voucher_from[v]) else {
                return;
            };
            d.flow[v][l] += delta;
            d.flow[v][from] -= delta;
            if start_of[v].is_some() {
                break;
            }
            l = from;
        }
        room[end] -= delta;
        room[start] += delta;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broad_voucher_makes_room_for_narrow_one() {
        // line 0 (category X) 50, line 1 (category Y) 50;
        // voucher 0 pays anything, 50; voucher 1 pays only X, 50.
        let covers = |v: usize, l: usize| v == 0 || l == 0;
        let d = deduct(&[5000, 5000], &[5000, 5000], &covers, &[0, 1]);
        assert_eq!(d.per_voucher, vec![5000, 5000]);
        assert_eq!(d.flow, vec![vec![0, 5000], vec![5000, 0]]);
    }

    #[test]
    fn sequential_fill_when_everything_covers() {
        let d = deduct(&[1000, 500], &[800, 800, 800], &|_, _| true, &[0, 1]);
        assert_eq!(d.per_voucher, vec![800, 700, 0]);
        assert_eq!(d.flow, vec![vec![800, 0], vec![200, 500], vec![0, 0]]);
    }

    #[test]
    fn preferred_lines_are_paid_first_whatever_their_place() {
        // One voucher of 100 for two lines of 100; line `eligible` is the
        // one not preferred. Filled in either order, it ends on the other.
        for (order, eligible) in [([0, 1], 0), ([1, 0], 1), ([0, 1], 1)] {
            let covers = |_: usize, _: usize| true;
            let mut d = deduct(&[10_000, 10_000], &[10_000], &covers, &order);
            let preferred: Vec<bool> = (0..2).map(|l| l != eligible).collect();
            prefer_lines(&mut d, &[10_000, 10_000], &covers, &order, &preferred);
            assert_eq!(d.per_voucher, vec![10_000]);
            assert_eq!(d.flow[0][eligible], 0, "{order:?}");
            assert_eq!(d.flow[0][1 - eligible], 10_000, "{order:?}");
        }
    }

    #[test]
    fn a_move_may_pass_through_another_voucher() {
        // Voucher 0 may pay lines 0 and 1, voucher 1 lines 1 and 2; line 0
        // is not preferred. Filled as they come, voucher 0 pays line 0 and
        // voucher 1 line 1: moving voucher 0 onto line 1 moves voucher 1
        // onto line 2, and each voucher still pays what it paid.
        let covers = |v: usize, l: usize| if v == 0 { l <= 1 } else { l >= 1 };
        let dues = [500, 500, 500];
        let mut d = deduct(&dues, &[500, 500], &covers, &[0, 1, 2]);
        assert_eq!(d.flow, vec![vec![500, 0, 0], vec![0, 500, 0]]);
        prefer_lines(&mut d, &dues, &covers, &[0, 1, 2], &[false, true, true]);
        assert_eq!(d.per_voucher, vec![500, 500]);
        assert_eq!(d.flow, vec![vec![0, 500, 0], vec![0, 0, 500]]);
    }

    #[test]
    fn out_of_scope_voucher_deducts_nothing() {
        let d = deduct(&[1000], &[500, 500], &|v, _| v == 0, &[0]);
        assert_eq!(d.per_voucher, vec![500, 0]);
    }

    #[test]
    fn flow_matches_fill_when_everything_covers() {
        let dues = [300, 0, 700, 1];
        let balances = [250, 600, 10, 500];
        let fill = sequential_fill(&dues, &balances, &[0, 1, 2, 3]);
        let flow = incremental_flow(&dues, &balances, &|_, _| true, &[0, 1, 2, 3]);
        assert_eq!(fill.per_voucher, flow.per_voucher);
    }
}
