# Real item2vec vectors for ANN measurements: gensim 4.2 skip-gram (dim 64, whole-basket window, 30 epochs,
# negative 10, min_count 1) on the Online Retail uk baskets, written in the vector artifact format (float32).
# Usage: /usr/bin/python3 packages/vector-index/scripts/gensim-vectors.py OUT.vec [DIM]   (about 25 CPU-minutes)
import csv, gzip, os, struct, sys, zlib
from gensim.models import Word2Vec

sessions = {}
with gzip.open(os.path.join(os.path.dirname(__file__), '../../../data/online-retail/online-retail.csv.gz'), 'rt', encoding='utf-8', errors='replace') as f:
    r = csv.DictReader(f)
    for row in r:
        if row['Country'] != 'United Kingdom': continue
        inv = row['InvoiceNo']
        if inv.startswith('C'): continue
        try:
            if float(row['Quantity']) <= 0: continue
        except ValueError:
            continue
        s = sessions.setdefault(inv, [])
        if row['StockCode'] not in s: s.append(row['StockCode'])
corpus = [s for s in sessions.values() if len(s) >= 2]
print('sessions', len(corpus), file=sys.stderr)
dim = int(sys.argv[2]) if len(sys.argv) > 2 else 64
m = Word2Vec(corpus, vector_size=dim, sg=1, window=10000, shrink_windows=False, epochs=30, negative=10,
             min_count=1, workers=2, seed=1)
v = m.wv.vectors.astype('<f4')
n, d = v.shape
payload = v.tobytes()
with open(sys.argv[1], 'wb') as out:
    out.write(struct.pack('<4sHBBIIII', b'SSVX', 1, 0, 0, n, d, zlib.crc32(payload), 0))
    out.write(payload)
print('wrote', n, d, file=sys.stderr)
