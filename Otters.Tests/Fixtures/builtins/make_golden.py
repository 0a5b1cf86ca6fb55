#!/usr/bin/python3
"""Makes the golden files of the builtin statistics with pandas (Debian's python3-pandas 1.5.3).

Run from this folder: /usr/bin/python3 make_golden.py
Writes ticks.csv (the input: symbol, price, volume), expected_global.csv and expected_by_symbol.csv
(one column per builtin, in input order; an empty cell is null). Floats are written with 17
significant digits so they round-trip exactly.
"""
import numpy as np
import pandas as pd

PARAMS = dict(window=5, lookback=10, span=5, vwap_window=4, periods=2, above=100.5)
SYMBOLS = ["AAPL", "MSFT", "GOOG", "TSLA", "NVDA"]
ROWS = 2400


def make_ticks():
    rng = np.random.default_rng(20240611)
    symbol = rng.choice(SYMBOLS, size=ROWS, p=[0.3, 0.25, 0.2, 0.15, 0.1]).astype(object)
    price = np.empty(ROWS)
    last = {s: 100.0 + 2 * i for i, s in enumerate(SYMBOLS)}
    for i, s in enumerate(symbol):
        last[s] = round(last[s] + rng.normal(0, 0.25), 2)
        price[i] = last[s]
    volume = rng.integers(1, 500, size=ROWS).astype(float)
    df = pd.DataFrame({"symbol": symbol, "price": price, "volume": volume})

    # Nulls: a few inside the first windows (globally and per symbol), then scattered ones.
    for i in [1, 3, 7, 12, 20]:
        df.loc[i, "price"] = np.nan
    for i in rng.choice(np.arange(40, ROWS), size=60, replace=False):
        df.loc[i, "price"] = np.nan
    for i in [2, 9] + list(rng.choice(np.arange(40, ROWS), size=25, replace=False)):
        df.loc[i, "volume"] = np.nan
    for i in [5] + list(rng.choice(np.arange(40, ROWS), size=15, replace=False)):
        df.loc[i, "symbol"] = None

    # A constant stretch for one symbol (std exactly 0 -> zscore null), and zeros for pct_change's
    # x/0 = inf and 0/0 = NaN.
    tsla = df.index[df["symbol"] == "TSLA"]
    df.loc[tsla[100:125], "price"] = 111.25
    nvda = df.index[df["symbol"] == "NVDA"]
    df.loc[nvda[60:62], "price"] = 0.0
    df.loc[df.index[1500:1502], "price"] = 0.0
    return df


def builtins(x, volume):
    p = PARAMS
    mean = x.rolling(p["window"]).mean()
    std = x.rolling(p["window"]).std()
    zm = x.rolling(p["lookback"]).mean()
    zs = x.rolling(p["lookback"]).std()
    z = (x - zm) / zs
    z[zs == 0] = np.nan
    pv = (x * volume).rolling(p["vwap_window"]).sum()
    v = volume.rolling(p["vwap_window"]).sum()
    return pd.DataFrame({
        "rolling_mean": mean,
        "rolling_std": std,
        "zscore": z,
        "ema": x.ewm(span=p["span"], adjust=False, ignore_na=True).mean(),
        "vwap": pv / v,
        "lag": x.shift(p["periods"]),
        "lag_volume": volume.shift(p["periods"]),
        "pct_change": x / x.shift(1) - 1,
        "threshold": (x > p["above"]).astype(object),
    }, index=x.index)


def main():
    df = make_ticks()
    assert pd.__version__ == "1.5.3", pd.__version__
    glob = builtins(df["price"], df["volume"])
    parts = [builtins(g["price"], g["volume"]) for _, g in df.groupby("symbol", dropna=True)]
    keyed = pd.concat(parts).reindex(df.index)  # rows of a null symbol stay NaN, as groupby.transform gives
    keyed.loc[df["symbol"].isna(), "threshold"] = None

    # groupby(...).transform must agree with the per-group computation above.
    check = df.groupby("symbol")["price"].transform(lambda s: s.rolling(PARAMS["window"]).std())
    assert np.allclose(check.fillna(-1), keyed["rolling_std"].fillna(-1), rtol=0, atol=0)
    check = df.groupby("symbol")["price"].transform(lambda s: s.ewm(span=PARAMS["span"], adjust=False, ignore_na=True).mean())
    assert (check.fillna(-1) == keyed["ema"].fillna(-1)).all()

    ticks = df.copy()
    ticks["volume"] = ticks["volume"].astype("Int64")
    ticks.to_csv("ticks.csv", index=False, float_format="%.17g")
    for name, frame in [("expected_global.csv", glob), ("expected_by_symbol.csv", keyed)]:
        out = frame.copy()
        out["threshold"] = out["threshold"].map({True: "true", False: "false"})
        out.replace([np.inf, -np.inf], ["inf", "-inf"]).to_csv(name, index=False, float_format="%.17g")
    print(f"pandas {pd.__version__}: {len(df)} rows, {df['price'].isna().sum()} null prices, "
          f"{(keyed['zscore'].isna() & keyed['rolling_std'].eq(0)).sum()} zero-std rows per symbol")


if __name__ == "__main__":
    main()
