"""The embedded demo: real police.uk data, ONS boundaries and census population for Calderdale and Kirklees."""
