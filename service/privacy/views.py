from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from service.auth import authenticate_site, current_site
from service.privacy import services
from service.privacy.schemas import ErasureOut

blp = Blueprint(
    "authors",
    __name__,
    url_prefix="/v1/authors",
    description="The host site's readers as authors: erasing one on request.",
)
blp.before_request(authenticate_site)


@blp.route("/<author_id>")
class AuthorErasure(MethodView):
    @blp.doc(security=[{"siteKey": []}])
    @blp.response(200, ErasureOut, description="Erased (again, harmlessly, if erased before).")
    @blp.alt_response(404, description="No author with this id on the site.")
    def delete(self, author_id: str) -> services.ErasureReport:
        """Erase an author: their texts and personal data, from everything commentguard keeps.

        Items, their statuses and decisions stay (without notes), and so do scores (without the
        spans that quote the text); each item shows ``erased: true``. Audited; idempotent.
        """
        site = current_site()
        return services.erase_author(site, author_id, actor=f"site:{site.name}")
