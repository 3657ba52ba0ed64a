environment "many" {
  metadata = {
    # 15 keys and terrarium's 2 ownership keys: 17 pairs.
    k00 = "v" # want: metadata-over-limit
    k01 = "v"
    k02 = "v"
    k03 = "v"
    k04 = "v"
    k05 = "v"
    k06 = "v"
    k07 = "v"
    k08 = "v"
    k09 = "v"
    k10 = "v"
    k11 = "v"
    k12 = "v"
    k13 = "v"
    k14 = "v"
  }
  config {
    type = "self_hosted"
  }
}

environment "long" {
  metadata = {
    kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk = "v" # want: metadata-over-limit
    team = "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv" # want: metadata-over-limit
  }
  config {
    type = "self_hosted"
  }
}
