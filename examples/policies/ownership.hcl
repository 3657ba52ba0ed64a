# Ownership and naming: every environment says who owns it, and its name
# starts with the owning team, so that an alert or a bill finds its way.
#
#   terrarium lint --policy examples/policies/ownership.hcl examples/multi-team
policy {
  required_metadata = ["team", "owner"]

  rule "name-starts-with-team" {
    description   = <<-EOT
      Environment names start with the owning team and a dash.

      "data-notebooks" for metadata.team = "data": names are how people find
      an environment in the console and on the bill.
    EOT
    when          = lookup(environment.metadata, "team", "") != ""
    condition     = startswith(environment.name, "${environment.metadata.team}-")
    error_message = "Name ${jsonencode(environment.name)} does not start with the team ${jsonencode(environment.metadata.team)} and a dash"
  }

  rule "owner-is-a-handle" {
    severity      = "warning"
    description   = <<-EOT
      metadata.owner is a team handle or an email address, not free text.

      On-call tooling reads it; "Bob" pages nobody.
    EOT
    when          = lookup(environment.metadata, "owner", "") != ""
    condition     = can(regex("^(@?[a-z0-9][a-z0-9-]*|[^@ ]+@[^@ ]+\\.[a-z]+)$", environment.metadata.owner))
    error_message = "metadata.owner of ${environment.address} is not a handle or an email address"
  }

  rule "cost-center-format" {
    severity      = "notice"
    description   = "metadata.cost_center, when set, is CC- and four digits, as the finance system expects."
    when          = contains(keys(environment.metadata), "cost_center")
    condition     = can(regex("^CC-[0-9]{4}$", environment.metadata.cost_center))
    error_message = "metadata.cost_center of ${environment.address} is not CC-NNNN"
  }
}
