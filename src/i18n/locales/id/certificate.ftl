# Jaga — teks yang dicetak pada sertifikat PDF, dalam bahasa Indonesia.
# Setiap kunci di sini harus ada juga di en/certificate.ftl (diuji).

cert-programme = Pelatihan pelindungan data pribadi
cert-title = Sertifikat Pelatihan
cert-presented-to = Diberikan kepada
cert-employee-id = Nomor karyawan
cert-completed = yang telah menyelesaikan dan lulus modul pelatihan
cert-passed-on = Tanggal lulus
cert-valid-until = Berlaku hingga
cert-revision = Revisi konten
cert-code = Kode verifikasi
cert-issued-by = Diterbitkan oleh Jaga
cert-issued-by-org = Diterbitkan oleh { $organisation }
cert-check = Pengelola dapat mencocokkan kode ini dengan catatan pelatihan di Jaga
month-long-1 = Januari
month-long-2 = Februari
month-long-3 = Maret
month-long-4 = April
month-long-5 = Mei
month-long-6 = Juni
month-long-7 = Juli
month-long-8 = Agustus
month-long-9 = September
month-long-10 = Oktober
month-long-11 = November
month-long-12 = Desember
