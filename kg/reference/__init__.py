"""Reference data: municipalities and counties since 2019, their numbers and the reforms."""
