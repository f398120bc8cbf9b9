"""The OnTime Dispatch domain: data, rules and services. Never imports Qt."""
