//! The names of the cookies the portal sets. Pages (`app`), server functions (`api`) and the
//! server's own layers (`server`) all read them, so they sit below all three.

/// Remembers the interface language between visits (and, once signed in, between devices
/// through the person's saved choice, written into this cookie at sign-in).
pub const LANGUAGE: &str = "espace_lang";
pub const LANGUAGE_MAX_AGE_SECONDS: i64 = 365 * 24 * 60 * 60;

/// The session cookie; HttpOnly and SameSite=Lax. Under HTTPS (secure cookies) it is
/// [`SECURE_SESSION`]: the `__Host-` prefix makes the browser refuse it unless it is Secure,
/// host-only and for the whole site, so no sibling domain can plant or widen it.
pub const SESSION: &str = "espace_session";
pub const SECURE_SESSION: &str = "__Host-espace_session";
