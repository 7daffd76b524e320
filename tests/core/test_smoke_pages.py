import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/workbench/sign-in/", "/sign-up/", "/api/v1/schema/", "/api/v1/docs/", "/admin/login/"],
)
def test_public_page_renders(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
