//! Checked values on the wire: serde and XML forms of [`Checked`], kept out of `values/` so the
//! value layer does not depend on the wire layer.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::values::checked::{Checked, Rules, Scalar};
use crate::wire::xml::XmlValue;

impl<R: Rules> Serialize for Checked<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize_scalar(serializer)
    }
}

/// Reading checks the value: an invalid one on the wire is an error naming the rule.
impl<'de, R: Rules> Deserialize<'de> for Checked<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = R::Value::deserialize_scalar(deserializer)?;
        Self::verified(R::NAME, value).map_err(serde::de::Error::custom)
    }
}

impl<R: Rules> XmlValue for Checked<R>
where
    R::Value: XmlValue,
{
    fn write_text(&self, out: &mut String) {
        self.value().write_text(out);
    }
}
