locals {
  x = "%{ if true }${ "a" %{ endfor }"
}
