//! [`Stage`]: the four stages of the lead lifecycle, and the table of moves between them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stage of the lead lifecycle. Every status maps to one through a [`StatusCatalog`](crate::lifecycle::StatusCatalog).
///
/// ```
/// use copper_lead::LeadStatus;
/// use copper_lead::lifecycle::{Stage, StatusCatalog};
///
/// assert_eq!(StatusCatalog::stock().stage_of(&LeadStatus::Junk), Some(Stage::Unqualified));
/// assert_eq!(Stage::New.targets(), [Stage::Contacted, Stage::Qualified, Stage::Unqualified]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// Not yet worked.
    New,
    /// Being worked (Copper's stock `Open` is here).
    Contacted,
    /// Ready to convert.
    Qualified,
    /// Not a fit (Copper's stock `Junk` is here).
    Unqualified,
}

/// One cell of the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    /// The diagonal: a move within the stage.
    Same,
    Allowed,
    Forbidden,
}

use Edge::{Allowed as Y, Forbidden as N, Same as S};

/// The transition table, rows `from`, columns `to`, in [`Stage::ALL`] order. The module docs
/// show the same table; a test checks the two agree cell by cell.
const TABLE: [[Edge; 4]; 4] = [
    //            New Contacted Qualified Unqualified
    /* New */ [S, Y, Y, Y],
    /* Contacted */ [N, S, Y, Y],
    /* Qualified */ [N, Y, S, Y],
    /* Unqualified */ [Y, Y, N, S],
];

/// The cell of `TABLE` for a move.
#[expect(clippy::indexing_slicing)] // rows and columns are the four Stage discriminants, 0..4
const fn edge(from: Stage, to: Stage) -> Edge {
    TABLE[from.row()][to.row()]
}

impl Stage {
    /// The four stages, in table order.
    pub const ALL: [Stage; 4] = [
        Stage::New,
        Stage::Contacted,
        Stage::Qualified,
        Stage::Unqualified,
    ];

    /// The stage's name: `New`, `Contacted`, `Qualified` or `Unqualified`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::New => "New",
            Stage::Contacted => "Contacted",
            Stage::Qualified => "Qualified",
            Stage::Unqualified => "Unqualified",
        }
    }

    const fn row(self) -> usize {
        self as usize
    }

    /// Whether a lead at this stage may move to a status of stage `to`. Always true for
    /// `to == self` (a move within the stage).
    ///
    /// ```
    /// use copper_lead::lifecycle::Stage;
    ///
    /// assert!(Stage::Qualified.can_move_to(Stage::Contacted)); // demote
    /// assert!(!Stage::Unqualified.can_move_to(Stage::Qualified)); // go via Contacted
    /// ```
    #[must_use]
    pub const fn can_move_to(self, to: Stage) -> bool {
        !matches!(edge(self, to), Edge::Forbidden)
    }

    /// The other stages a lead at this stage may move to, in table order.
    #[must_use]
    pub fn targets(self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|to| *to != self && self.can_move_to(*to))
            .collect()
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
