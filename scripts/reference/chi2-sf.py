"""Reference values for normforge's chi-square survival function (test/eval/stats.test.ts).

Run: python3 scripts/reference/chi2-sf.py > test/fixtures/chi2-sf-scipy.json
"""
import json

import scipy
from scipy.stats import chi2

CASES = [(x, df) for df in (1, 2, 3, 4, 5, 7, 10, 15, 30, 100) for x in (0.001, 0.1, 0.5, 1.0, 2.5, 3.841458820694124, 5.0, 9.0, 15.0, 30.0, 60.0, 150.0)]
print(json.dumps({"scipy": scipy.__version__, "cases": [{"x": x, "df": df, "sf": float(chi2.sf(x, df))} for x, df in CASES]}, indent=1))
