import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("interviews", "0003_scorecards_data")]

    operations = [
        migrations.AlterField(
            model_name="interviewfeedback",
            name="job",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="jobs.jobdescription"),
        ),
        migrations.AlterField(
            model_name="interviewfeedback",
            name="resume",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="resumes.resume"),
        ),
    ]
