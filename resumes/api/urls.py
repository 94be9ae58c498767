from companies.api import OptionalSlashRouter
from resumes.api.views import ResumeViewSet

router = OptionalSlashRouter()
router.register("resumes", ResumeViewSet, basename="resume")

urlpatterns = router.urls
