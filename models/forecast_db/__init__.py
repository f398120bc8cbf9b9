"""The forecasts wired to the database: the learned state's table (schema 7), the history
records read in one query, the state kept current by watermark, a day's forecast and the
owner's booked-against-real durations. The maths stays in models/forecast (no SQL there)."""
