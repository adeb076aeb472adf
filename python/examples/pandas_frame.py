# A column of transcripts in, a frame of verdicts and scores out.
import goodfaith
import pandas as pd

calls = pd.DataFrame(
    {
        "call": ["c-101", "c-102"],
        "transcript": [
            "Agent: This is the final offer. Take it or leave it.\nCustomer: Fine, I guess.",
            "Agent: What matters most to you on the renewal?\n"
            "Customer: A predictable price.\n"
            "Agent: We could lock the price for two years if you take the annual plan.\n"
            "Customer: That works for us. Deal.",
        ],
    }
)
reports = goodfaith.analyse_many(calls["transcript"])
verdicts = calls.assign(
    verdict=[r["verdict"] for r in reports],
    score=[r["score"]["total"] for r in reports],
    coercive=[sum(f["family"] == "coercive" for f in r["findings"]) for r in reports],
)
print(verdicts[["call", "verdict", "score", "coercive"]])
