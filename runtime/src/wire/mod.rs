//! Layer 2, wire: models and values as bytes. The [`Object`](object::Object) trait and its
//! builders' [`Check`](check::Check), JSON (one root property) and XML (PascalCase elements)
//! bodies, custom fields, exact decimals, the serde and XML forms of checked values, the one
//! [`BodyError`](body_error::BodyError), the body [`Format`](format::Format), an
//! [`Operation`](operation::Operation)'s fixed facts and URL encoding. Depends on `values`.

pub mod body_error;
pub mod check;
pub mod checked;
pub mod decimal;
pub mod extra;
pub mod format;
pub mod json;
pub mod object;
pub mod operation;
pub mod url;
pub mod xml;
pub mod xml_de;
