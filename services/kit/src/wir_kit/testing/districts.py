"""District and municipality keys the tests use (official AGS keys from the contracts' data)."""

BERGSTRASSE = "06431"
MAIN_KINZIG = "06435"
HANAU = "06415"
FRANKFURT = "06412"

BENSHEIM = "06431002"
HEPPENHEIM = "06431011"
GELNHAUSEN = "06435010"
HANAU_TOWN = "06415000"
