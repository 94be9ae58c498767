from companies.api import OptionalSlashRouter
from jobs.api.views import JobViewSet

router = OptionalSlashRouter()
router.register("jobs", JobViewSet, basename="job")

urlpatterns = router.urls
