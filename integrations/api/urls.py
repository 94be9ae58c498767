from companies.api import OptionalSlashRouter
from integrations.api.views import ApiKeyViewSet

router = OptionalSlashRouter()
router.register("api-keys", ApiKeyViewSet, basename="api-key")

urlpatterns = [*router.urls]
