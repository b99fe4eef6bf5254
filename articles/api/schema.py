"""drf-spectacular post-processing: every operation documents the errors it can answer with."""

ERRORS = {
    "type": "object",
    "description": "Each invalid parameter with its messages, e.g. "
    '{"date_after": ["“yesterday” is not a date: write it as YYYY-MM-DD, e.g. 2023-01-31."]}',
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def _json(description, schema_name, headers=None):
    response = {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }
    if headers:
        response["headers"] = headers
    return response


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ParameterErrors"] = ERRORS
    schemas["Detail"] = DETAIL
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if "{" in path:
                responses.setdefault("404", _json("No published record has this slug.", "Detail"))
            else:
                responses.setdefault("400", _json("A parameter is not valid.", "ParameterErrors"))
            responses.setdefault(
                "429",
                _json(
                    "Too many requests from this address: wait the seconds Retry-After says.",
                    "Detail",
                    headers={
                        "Retry-After": {
                            "description": "Seconds to wait before the next request.",
                            "schema": {"type": "integer"},
                        }
                    },
                ),
            )
    return result
