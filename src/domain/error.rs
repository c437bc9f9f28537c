//! The two ways a server function can fail, kept apart on purpose:
//! a [`Refusal`] is an expected answer the user can act on (sent as data, HTTP 200), a [`Fault`]
//! is a failure of the call itself (HTTP 500) that the user can only report, by its request id.

use super::{
    member::LifecycleError,
    procedure::lifecycle::ProcedureRefusal,
    validation::{FieldError, Problem},
};
use serde::{Deserialize, Serialize};

/// What a server function answers when it ran: the value, or why it was refused.
pub type Answer<T> = Result<T, Refusal>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("not signed in")]
    NotSignedIn,
    /// Signed in, but the role lacks the power.
    #[error("forbidden")]
    Forbidden,
    /// Does not exist, or exists in an eSpace the caller is not a member of: indistinguishable
    /// on purpose, so ids of other eSpaces reveal nothing.
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The member lifecycle does not allow it now (e.g. the last active administrator).
    #[error("{0}")]
    Lifecycle(LifecycleError),
    /// A procedure's life does not allow it now (e.g. submitted, or not signed).
    #[error("{0}")]
    Procedure(ProcedureRefusal),
    /// A volume limit of the person or the eSpace is reached.
    #[error("quota reached: {0:?}")]
    Quota(super::quota::QuotaReached),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Fault {
    /// The server failed; the detail is in its log under this id.
    #[error("server fault {request_id}")]
    Server { request_id: String },
    /// The call did not reach the server or its answer could not be read.
    #[error("communication: {0}")]
    Communication(String),
}

impl Refusal {
    /// One field's problem: the refusal a form shows next to that field.
    pub fn invalid(field: &str, problem: Problem) -> Self {
        Self::Invalid(vec![FieldError::new(field, problem)])
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Refusal::Invalid(errors) => errors,
            _ => &[],
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for Fault {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        Fault::Communication(value.to_string())
    }
}
