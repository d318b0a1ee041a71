//! A small service over the generated client, and its tests against the mock server: no
//! RamBase account, no network, no hand-written JSON.

use rambase_runtime::Client;

use crate::collaboration::add_contact_phone::latest::{AddContactPhoneError, PhoneRequest};
use crate::prelude::*;
use crate::sales::get_customers::latest::GetCustomersError;

/// Adds `number` to the contact `contact_id` as its default phone; answers the new phone's id.
pub async fn add_default_phone(
    client: &Client,
    contact_id: i64,
    number: &str,
) -> Result<Option<i32>, AddContactPhoneError> {
    let body = PhoneRequest::builder()
        .phone_number(number)
        .is_default(true);
    let phone = client.add_contact_phone(contact_id, body).send().await?;
    Ok(phone.phone_id)
}

/// The names of all customers matching `filter`, 50 a page.
pub async fn customer_names(
    client: &Client,
    filter: &str,
) -> Result<Vec<String>, GetCustomersError> {
    let mut names = Vec::new();
    let mut items = client.get_customers().filter(filter).top(50).items();
    while let Some(customer) = items.next().await {
        names.extend(customer?.name);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use rambase_runtime::CallError;
    use rambase_runtime::mock::MockServer;

    use super::*;
    use crate::collaboration::add_contact_phone::latest::{AddContactPhoneErrorCode, Phone};
    use crate::collaboration::add_contact_phone::mock::latest::AddContactPhoneStub;
    use crate::sales::get_customers::latest::Customer;
    use crate::sales::get_customers::mock::latest::GetCustomersStub;

    #[tokio::test]
    async fn adds_the_phone_as_the_default_one() {
        let mock = MockServer::start().await;
        let created = Phone {
            phone_id: Some(42),
            ..Phone::default()
        };
        let stub = AddContactPhoneStub::new()
            .contact_id(100_001)
            .respond(created)
            .times(1)
            .mount(&mock);

        let id = add_default_phone(&mock.client(), 100_001, "+47 22 33 44 55").await;

        assert_eq!(id.unwrap(), Some(42));
        let sent = &stub.bodies()[0];
        assert!(sent.is_default);
        assert_eq!(sent.phone_number.as_str(), "+47 22 33 44 55");
    }

    #[tokio::test]
    async fn a_missing_permission_is_the_documented_error() {
        let mock = MockServer::start().await;
        AddContactPhoneStub::new()
            .fail(AddContactPhoneErrorCode::PermissionNotFound)
            .mount(&mock);

        let error = add_default_phone(&mock.client(), 100_001, "+47 1").await;

        assert!(matches!(
            error,
            Err(CallError::Documented(
                AddContactPhoneErrorCode::PermissionNotFound,
                _
            ))
        ));
    }

    #[tokio::test]
    async fn pages_through_every_customer() {
        let mock = MockServer::start().await;
        let customers: Vec<Customer> = (1..=120)
            .map(|i| Customer {
                name: Some(format!("Customer {i}")),
                ..Customer::default()
            })
            .collect();
        let list = GetCustomersStub::new()
            .filter("startswith(Name,'C')")
            .respond_pages(customers, 10)
            .mount(&mock);

        let names = customer_names(&mock.client(), "startswith(Name,'C')").await;

        assert_eq!(names.unwrap().len(), 120);
        assert_eq!(list.calls(), 3, "pages of 50, 50 and 20");
    }
}
