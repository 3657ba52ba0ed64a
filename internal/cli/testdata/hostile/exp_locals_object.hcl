locals {
  l0 = "xxxxxxxxxxxxxxxx"
  l1 = { a = local.l0, b = local.l0 }
  l2 = { a = local.l1, b = local.l1 }
  l3 = { a = local.l2, b = local.l2 }
  l4 = { a = local.l3, b = local.l3 }
  l5 = { a = local.l4, b = local.l4 }
  l6 = { a = local.l5, b = local.l5 }
  l7 = { a = local.l6, b = local.l6 }
  l8 = { a = local.l7, b = local.l7 }
  l9 = { a = local.l8, b = local.l8 }
  l10 = { a = local.l9, b = local.l9 }
  l11 = { a = local.l10, b = local.l10 }
  l12 = { a = local.l11, b = local.l11 }
  l13 = { a = local.l12, b = local.l12 }
  l14 = { a = local.l13, b = local.l13 }
  l15 = { a = local.l14, b = local.l14 }
  l16 = { a = local.l15, b = local.l15 }
  l17 = { a = local.l16, b = local.l16 }
  l18 = { a = local.l17, b = local.l17 }
  l19 = { a = local.l18, b = local.l18 }
  l20 = { a = local.l19, b = local.l19 }
  l21 = { a = local.l20, b = local.l20 }
  l22 = { a = local.l21, b = local.l21 }
  l23 = { a = local.l22, b = local.l22 }
  l24 = { a = local.l23, b = local.l23 }
  l25 = { a = local.l24, b = local.l24 }
  l26 = { a = local.l25, b = local.l25 }
  l27 = { a = local.l26, b = local.l26 }
  l28 = { a = local.l27, b = local.l27 }
  l29 = { a = local.l28, b = local.l28 }
  l30 = { a = local.l29, b = local.l29 }
  l31 = { a = local.l30, b = local.l30 }
  l32 = { a = local.l31, b = local.l31 }
  l33 = { a = local.l32, b = local.l32 }
  l34 = { a = local.l33, b = local.l33 }
  l35 = { a = local.l34, b = local.l34 }
  l36 = { a = local.l35, b = local.l35 }
  l37 = { a = local.l36, b = local.l36 }
  l38 = { a = local.l37, b = local.l37 }
  l39 = { a = local.l38, b = local.l38 }
  l40 = { a = local.l39, b = local.l39 }
  l41 = { a = local.l40, b = local.l40 }
  l42 = { a = local.l41, b = local.l41 }
  l43 = { a = local.l42, b = local.l42 }
  l44 = { a = local.l43, b = local.l43 }
  l45 = { a = local.l44, b = local.l44 }
  l46 = { a = local.l45, b = local.l45 }
  l47 = { a = local.l46, b = local.l46 }
  l48 = { a = local.l47, b = local.l47 }
  l49 = { a = local.l48, b = local.l48 }
  l50 = { a = local.l49, b = local.l49 }
  l51 = { a = local.l50, b = local.l50 }
  l52 = { a = local.l51, b = local.l51 }
  l53 = { a = local.l52, b = local.l52 }
  l54 = { a = local.l53, b = local.l53 }
  l55 = { a = local.l54, b = local.l54 }
  l56 = { a = local.l55, b = local.l55 }
  l57 = { a = local.l56, b = local.l56 }
  l58 = { a = local.l57, b = local.l57 }
  l59 = { a = local.l58, b = local.l58 }
  l60 = { a = local.l59, b = local.l59 }
  l61 = { a = local.l60, b = local.l60 }
  l62 = { a = local.l61, b = local.l61 }
  l63 = { a = local.l62, b = local.l62 }
  l64 = { a = local.l63, b = local.l63 }
}
environment "a" {
  description = local.l64
  config {
    type = "cloud"
  }
}
