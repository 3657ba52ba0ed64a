# ÿÿÿ
terrarium {
  stack = "hostile"
}
