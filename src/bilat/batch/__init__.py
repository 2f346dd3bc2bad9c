"""Batch extraction for archives: shards in, partitioned Parquet out, on one machine or a Ray
cluster. ``plan`` cuts the input into shards, ``engines`` extracts them (in this process, a
process pool, or Ray Data), ``output`` writes each finished shard, ``manifest`` remembers
which are done, ``run`` ties them together with retries, and ``load`` brings the output into
a corpus database."""
