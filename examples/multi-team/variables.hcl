variable "stage" {
  type        = string
  default     = "dev"
  description = "Deployment stage; part of every environment name."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.stage)
    error_message = "The stage must be dev, staging or prod."
  }
}

variable "teams" {
  description = "Each team gets one environment with its own hosts and pip packages."
  type = map(object({
    owner = string
    hosts = list(string)
    pip   = optional(list(string), [])
  }))
  default = {
    data = {
      owner = "ana@example.com"
      hosts = ["https://data.example.com"]
      pip   = ["pandas==2.2.0"]
    }
    web = {
      owner = "li@example.com"
      hosts = ["https://cdn.example.com"]
    }
  }
}
