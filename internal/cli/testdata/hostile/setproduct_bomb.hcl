locals {
  r = range(1024)
  x = setproduct(local.r, local.r, local.r, local.r)
}
