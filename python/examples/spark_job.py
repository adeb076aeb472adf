# One Spark job over an NDJSON file of transcripts, analysed twice: through the Python
# package (mapInPandas) and through the binary (RDD.pipe). Each partition's records are
# numbered from 1, as the binary numbers the lines it reads; join results on "id".
import json

import goodfaith
import pandas as pd
from pyspark.sql import SparkSession

spark = SparkSession.builder.master("local[2]").appName("goodfaith").getOrCreate()
lines = spark.sparkContext.textFile("chats.ndjson", minPartitions=2)


def analyse_partition(batches):
    line = 1
    for batch in batches:
        reports = goodfaith.analyse_many(batch["value"], kind="ndjson", first_line=line)
        line += len(batch)
        yield pd.DataFrame({"report": [json.dumps(r) for r in reports]})


frame = spark.createDataFrame(lines.map(lambda line: (line,)), "value string")
by_package = frame.mapInPandas(analyse_partition, schema="report string")

# Ship the binary beside the job (spark-submit --files goodfaith); each partition
# streams through one goodfaith process.
by_binary = lines.pipe("./goodfaith --input-format ndjson --format ndjson --fail-on never -")

package_reports = [json.loads(row.report) for row in by_package.collect()]
binary_reports = [json.loads(line) for line in by_binary.collect()]
print(len(package_reports), "records;", sum(r["verdict"] == "coercive" for r in package_reports), "coercive")
