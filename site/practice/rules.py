"""The publication rule for family stories, shared by the model, the admin form and admin hooks.

A story says what its publication rests on, and only that: an account a named publisher has
already made public, or a consent record the programme team holds. Nothing is claimed that no
record supports.
"""

BASIS_REQUIRED = (
    "A family story cannot be published until an editor records what it rests on: an account "
    "its publisher has already made public, or the family's consent held by the programme team, "
    "with the publisher and document, or where the consent record is kept."
)
BASIS_FIELDS = ("publication_basis", "basis_detail")


def missing_basis(story) -> list[str]:
    return [name for name in BASIS_FIELDS if not str(getattr(story, name) or "").strip()]
