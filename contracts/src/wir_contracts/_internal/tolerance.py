"""Tolerant copies of models: same fields, unknown ones ignored at every depth.

A consumer must accept a payload from a newer minor version, whose additions may sit in nested
parts as well as at the top, so the copy replaces every nested model by its tolerant copy too.
"""

from __future__ import annotations

from copy import copy
from functools import cache
from types import UnionType
from typing import Annotated, Any, Literal, Union, cast, get_args, get_origin

from pydantic import BaseModel, ConfigDict


@cache
def tolerant_copy(model: type[BaseModel]) -> type[BaseModel]:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
        "__annotations__": annotations,
        "model_config": ConfigDict(extra="ignore"),
    }
    for name, field in model.model_fields.items():
        annotation = _tolerant_type(field.annotation)
        if annotation is not field.annotation:
            annotations[name] = annotation
            namespace[name] = copy(field)
    metaclass: Any = type(model)
    return cast("type[BaseModel]", metaclass(model.__name__, (model,), namespace))


def _tolerant_type(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return tolerant_copy(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if not args or origin is Literal:
        return annotation
    if origin is Annotated:
        inner = _tolerant_type(args[0])
        return annotation if inner is args[0] else Annotated[(inner, *args[1:])]
    swapped = tuple(_tolerant_type(arg) for arg in args)
    if all(new is old for new, old in zip(swapped, args, strict=True)):
        return annotation
    if origin in (Union, UnionType):
        return Union[swapped]  # noqa: UP007 - a runtime-built union needs the subscript form
    return origin[swapped]
