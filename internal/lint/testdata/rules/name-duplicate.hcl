# load-error: Duplicate environment name
# The loader refuses duplicate names too; lint reports them for engines
# (plan) that build configurations themselves.
environment "a" {
  name = "dev"
  config {
    type = "self_hosted"
  }
}

environment "b" {
  name = "dev" # want: name-duplicate
  config {
    type = "self_hosted"
  }
}
