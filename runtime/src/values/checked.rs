//! Values that always satisfy their documented rules: one generic type, [`Checked`], serves every
//! constrained value of every resource. Generated code only declares the rules, as data.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserializer, Serialize, Serializer};

use rust_decimal::Decimal;

use crate::values::rules::{Rule, ValidationErrors, Violation};

/// A scalar type a checked value can hold, and what a caller may hand in for it.
/// How it reads and writes in XML is wire code ([`XmlValue`](crate::__private::XmlValue) in
/// `wire/`), so values do not depend on the wire layer.
pub trait Scalar: Clone + fmt::Debug + fmt::Display + Serialize + DeserializeOwned {
    /// The input accepted for it: any integer that converts to `i64` for integers (so `u32`
    /// and `i64` ids work), any text for strings.
    type Input;

    /// Converts the input, or names the rule the conversion broke (a number out of range) and
    /// the rejected input as shown in messages.
    fn from_input(input: Self::Input) -> Result<Self, (Rule, String)>;

    /// Whether the type has an empty value (the empty string), which an empty XML element
    /// holds; see [`Field::HAS_EMPTY`](crate::wire::object::Field::HAS_EMPTY).
    const HAS_EMPTY: bool = false;

    /// The value as a number, for [`Rule::Minimum`] and [`Rule::Maximum`].
    fn as_number(&self) -> Option<i64> {
        None
    }

    /// The value as text, for patterns and lengths.
    fn as_text(&self) -> Option<&str> {
        None
    }

    /// The value as a decimal, for [`Rule::MinimumDecimal`] and [`Rule::MaximumDecimal`]
    /// (and the integer bounds on a decimal): integers convert.
    fn as_decimal(&self) -> Option<Decimal> {
        self.as_number().map(Decimal::from)
    }

    /// Writes the value with serde; [`Checked`] writes through this, so a decimal is a number
    /// where exact (see [`decimal`](crate::wire::decimal)).
    fn serialize_scalar<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }

    /// Reads the value with serde; [`Checked`] reads through this.
    fn deserialize_scalar<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }
}

impl Scalar for i32 {
    type Input = i64;

    fn from_input(input: i64) -> Result<Self, (Rule, String)> {
        i32::try_from(input).map_err(|_| {
            let bound = if input < 0 {
                Rule::Minimum(i64::from(i32::MIN))
            } else {
                Rule::Maximum(i64::from(i32::MAX))
            };
            (bound, input.to_string())
        })
    }

    fn as_number(&self) -> Option<i64> {
        Some(i64::from(*self))
    }
}

impl Scalar for i64 {
    type Input = i64;

    fn from_input(input: i64) -> Result<Self, (Rule, String)> {
        Ok(input)
    }

    fn as_number(&self) -> Option<i64> {
        Some(*self)
    }
}

impl Scalar for String {
    type Input = String;
    const HAS_EMPTY: bool = true;

    fn from_input(input: String) -> Result<Self, (Rule, String)> {
        Ok(input)
    }

    fn as_text(&self) -> Option<&str> {
        Some(self)
    }
}

/// The documented rules of one value, declared by generated code as data:
///
/// ```
/// use rambase_runtime::{Checked, Rule, Rules};
///
/// pub enum ContactIdRules {}
/// impl Rules for ContactIdRules {
///     type Value = i32;
///     const NAME: &'static str = "contactId";
///     const RULES: &'static [Rule] = &[Rule::Minimum(100_000)];
/// }
/// pub type ContactId = Checked<ContactIdRules>;
///
/// assert_eq!(ContactId::new(100_001_u32).unwrap().get(), 100_001);
/// let err = ContactId::new(5_000_000_000_i64).unwrap_err();
/// assert_eq!(err.to_string(), "1 invalid input: contactId: must be at most 2147483647 (got 5000000000)");
/// ```
pub trait Rules: 'static {
    /// The scalar inside.
    type Value: Scalar;
    /// The documented name, used in violation paths (`contactId`, `PhoneNumber`).
    const NAME: &'static str;
    /// Every rule the value must satisfy.
    const RULES: &'static [Rule];
}

/// A value that satisfies every rule of `R`; the only ways to get one check them.
pub struct Checked<R: Rules> {
    value: R::Value,
    rules: PhantomData<fn() -> R>,
}

impl<R: Rules> Checked<R> {
    /// Checks `value` against every rule and returns it wrapped, or every broken rule.
    pub fn new(value: impl Into<<R::Value as Scalar>::Input>) -> Result<Self, ValidationErrors> {
        Self::check_at(R::NAME, value.into())
    }

    /// Like [`new`](Self::new), reporting violations at `path` (a field inside an object).
    pub(crate) fn check_at(
        path: &str,
        input: <R::Value as Scalar>::Input,
    ) -> Result<Self, ValidationErrors> {
        match R::Value::from_input(input) {
            Ok(value) => Self::verified(path, value),
            Err((rule, shown)) => {
                let mut errors = ValidationErrors::new();
                errors.push(Violation::new(path, rule, Some(shown)));
                Err(errors)
            }
        }
    }

    /// `value` wrapped if it satisfies every rule of `R`, or every broken rule at `path`.
    pub(crate) fn verified(path: &str, value: R::Value) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        crate::values::rules::check_rules(&mut errors, path, R::RULES, &value);
        errors.into_result(Self {
            value,
            rules: PhantomData,
        })
    }

    /// A documented default of a generated model. The generator checked it against the same
    /// rules before writing it into the code, so it is not checked again (but in debug builds).
    pub fn from_checked_default(value: R::Value) -> Self {
        debug_assert!(Self::verified(R::NAME, value.clone()).is_ok());
        Self {
            value,
            rules: PhantomData,
        }
    }

    /// The value.
    pub fn value(&self) -> &R::Value {
        &self.value
    }

    /// The value, unwrapped.
    pub fn into_inner(self) -> R::Value {
        self.value
    }

    /// A copy of the value (for numbers).
    pub fn get(&self) -> R::Value
    where
        R::Value: Copy,
    {
        self.value
    }

    /// The value as text (for strings).
    pub fn as_str(&self) -> &str
    where
        R::Value: AsRef<str>,
    {
        self.value.as_ref()
    }
}

impl<R: Rules> Clone for Checked<R> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
            rules: PhantomData,
        }
    }
}

impl<R: Rules> Copy for Checked<R> where R::Value: Copy {}

impl<R: Rules> fmt::Debug for Checked<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl<R: Rules> fmt::Display for Checked<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

impl<R: Rules> PartialEq for Checked<R>
where
    R::Value: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<R: Rules> Eq for Checked<R> where R::Value: Eq {}

impl<R: Rules> PartialOrd for Checked<R>
where
    R::Value: Ord,
{
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<R: Rules> Ord for Checked<R>
where
    R::Value: Ord,
{
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<R: Rules> Hash for Checked<R>
where
    R::Value: Hash,
{
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<R: Rules> AsRef<R::Value> for Checked<R> {
    fn as_ref(&self) -> &R::Value {
        &self.value
    }
}

macro_rules! conversions {
    ($($scalar:ty),*) => {$(
        /// Checks the value, like [`Checked::new`].
        impl<R: Rules<Value = $scalar>> TryFrom<$scalar> for Checked<R> {
            type Error = ValidationErrors;
            fn try_from(value: $scalar) -> Result<Self, ValidationErrors> {
                Self::new(value)
            }
        }

        impl<R: Rules<Value = $scalar>> From<Checked<R>> for $scalar {
            fn from(value: Checked<R>) -> Self {
                value.value
            }
        }
    )*};
}
conversions!(i32, i64, String, Decimal);
