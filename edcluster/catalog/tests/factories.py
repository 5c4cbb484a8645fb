from edcluster.accounts.models import Membership, User
from edcluster.catalog import services
from edcluster.catalog.models import Product
from edcluster.testing import PASSWORD


def _user(email: str, **flags) -> User:
    user = User.objects.filter(email=email).first()
    return user or User.objects.create_user(email, PASSWORD, **flags)


def published(
    *, owner, title_ru="", title_en="", summary_ru="", summary_en="", outcomes=(), **fields
) -> Product:
    """A product taken through the real workflow to publication."""
    editor = _user(f"editor-{owner.slug}@example.org")
    Membership.objects.get_or_create(user=editor, organization=owner, defaults={"role": "editor"})
    operator = _user("operator-factory@example.org", is_operator=True)
    product = services.product_create(
        owner=owner,
        actor=editor,
        fields={
            "kind": "short_course",
            "title_ru": title_ru,
            "title_en": title_en,
            "summary_ru": summary_ru or "Курс.",
            "summary_en": summary_en,
            **fields,
        },
        outcomes=list(outcomes) or [("Умеет работать с данными", "ru")],
    )
    services.product_submit(product=product, actor=editor)
    return services.product_publish(product=product, actor=operator)
