"""Index the candidates in the order the candidate list shows them (name, then id).

The candidate list and the dashboard's "add candidates" list read one page of candidates
ordered by name. Without an index on that order, the database sorts every candidate for
each page (EXPLAIN on PostgreSQL, 2,000 candidates: "Sort … top-N heapsort" over all rows;
on SQLite: "USE TEMP B-TREE FOR ORDER BY"), a cost that grows with the number of
candidates; with it, the page is read off the index ("Index Scan using candidate_name_id").
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_groups"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="candidate",
            index=models.Index(fields=["name", "id"], name="candidate_name_id"),
        ),
    ]
