#!/usr/bin/env python3
# A plugin that answers with something that is not assess.plugin/v1 JSON.
print("Traceback (most recent call last): oops, not JSON")
