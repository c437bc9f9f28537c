//! The addresses of the app's pages that code builds: links, and where a server function sends
//! a browser after a plain form post. Both the pages (`ui`) and the server functions (`api`)
//! use them, so they sit below both. An eSpace is named by anything that shows as its id: its
//! `EspaceId`, or the text a route parameter holds.

use std::fmt::Display;

/// Where the server functions answer, each under its name (server_fn's prefix).
pub const SERVER_FUNCTIONS: &str = "/api/";

/// The route of every server function, as the router declares it and the metrics see it.
pub const SERVER_FUNCTION_ROUTE: &str = "/api/{*fn_name}";

/// Where the login listener (or a trusted reverse proxy) signs in the holder of a certificate.
pub const CERTIFICATE_SIGN_IN: &str = "/certificate/sign-in";

/// An eSpace's home.
pub fn espace(espace_id: impl Display) -> String {
    format!("/espace/{espace_id}")
}

/// The Signalétique tab of the eSpace's profile.
pub fn profile(espace_id: impl Display) -> String {
    format!("/espace/{espace_id}/profile")
}

/// The Users tab of an eSpace's profile.
pub fn users(espace_id: impl Display) -> String {
    format!("/espace/{espace_id}/profile/users")
}

/// A member's data sheet, where inviting leads.
pub fn member_sheet(espace_id: impl Display, member_id: impl Display) -> String {
    format!("/espace/{espace_id}/profile/users/{member_id}")
}

/// The Certifications tab of an eSpace's profile.
pub fn certifications(espace_id: impl Display) -> String {
    format!("/espace/{espace_id}/profile/certifications")
}

/// One procedure of an eSpace.
pub fn procedure(espace_id: impl Display, procedure_id: impl Display) -> String {
    format!("/espace/{espace_id}/procedures/{procedure_id}")
}

/// An eSpace's procedures, and the pages under it.
pub fn procedures(espace_id: impl Display) -> String {
    format!("/espace/{espace_id}/procedures")
}

/// An eSpace's communications (its messages).
pub fn communications(espace_id: impl Display) -> String {
    format!("/espace/{espace_id}/communications")
}

/// An eSpace's business data ("Mes données professionnelles").
pub fn business_data(espace_id: impl Display) -> String {
    format!("/espace/{espace_id}/data")
}

/// An eSpace's documents ("Mes documents").
pub fn documents(espace_id: impl Display) -> String {
    format!("/espace/{espace_id}/documents")
}
