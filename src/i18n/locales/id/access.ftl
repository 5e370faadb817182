# Jaga — siapa yang masuk: profil di komputer bersama, PIN, pemberitahuan privasi, dalam bahasa Indonesia.
# Setiap kunci di sini harus ada juga di en/access.ftl (diuji).

menu-sign-out = Keluar
profiles-has-pin = dilindungi PIN
profiles-open-warning = Siapa pun di komputer ini dapat membuka profil yang tidak memiliki PIN, melihat hasilnya, dan mengerjakan kuis atas namanya. Pasang PIN untuk profil Anda di "Data saya", atau minta manajer Anda mewajibkan PIN.
profile-pin-required = Pilih PIN (wajib di komputer ini)
profile-pin-optional = Pilih PIN (disarankan: komputer ini dipakai bersama)

pin-enter-title = Masukkan PIN { $name }
pin-enter-intro = Profil ini dilindungi. Ketik PIN-nya lalu tekan Enter.
pin-field = PIN
pin-checking = Memeriksa…
pin-open = Buka profil
pin-other-profile = Pilih profil lain
pin-forgotten = Lupa PIN? Manajer dapat menghapusnya; setelah itu Anda memilih PIN baru.
pin-wrong = PIN itu salah.
pin-wait = Terlalu banyak PIN yang salah.

pin-set-title = Lindungi profil Anda dengan PIN
pin-required-intro = Manajer Anda mewajibkan PIN untuk setiap profil di komputer ini, agar tidak ada orang lain yang dapat membuka profil Anda. Pilih PIN sekarang.
pin-offer-intro = Komputer ini dipakai juga oleh orang lain. Dengan PIN, hanya Anda yang dapat membuka profil Anda.
pin-rules = Minimal { $min } karakter: angka, huruf, atau keduanya. Jaga hanya menyimpan hash satu arah dari PIN itu.
pin-new = PIN baru
pin-repeat = Ketik PIN sekali lagi
pin-mismatch = Kedua PIN berbeda. Ketik PIN yang sama dua kali.
pin-save = Pasang PIN
pin-change = Ganti PIN
pin-remove = Hapus PIN
pin-not-now = Nanti saja
pin-required-keep = Manajer Anda mewajibkan PIN di komputer ini, jadi PIN tidak dapat dihapus.
pin-card-title = PIN
pin-card-has = Profil Anda memiliki PIN: tidak ada yang dapat membukanya tanpa PIN itu.
pin-card-none = Profil Anda tidak memiliki PIN: siapa pun di komputer ini dapat membukanya.
pin-set = PIN Anda sudah terpasang. Kini hanya Anda yang dapat membuka profil ini.
pin-changed = PIN Anda sudah diganti.
pin-removed = PIN Anda sudah dihapus. Siapa pun di komputer ini dapat membuka profil ini.
pin-was-reset = Seorang manajer menghapus PIN Anda pada { $date }. Jika Anda tidak memintanya, beri tahu manajer Anda. Pilih PIN baru di "Data saya".
signed-out-idle = Anda dikeluarkan setelah { $minutes } menit tanpa aktivitas. Jawaban Anda sejauh ini sudah tersimpan.

notice-changed-title = Cara Jaga menangani data Anda telah berubah
notice-changed-intro = Bacalah apa yang disimpan Jaga dan ke mana data itu kini dikirim, sebelum melanjutkan.
notice-lrs = Setiap kali Anda menyelesaikan kuis, Jaga mengirim hasilnya ke learning record store (LRS) organisasi Anda di { $host }: ID karyawan Anda (bukan nama Anda), modul, setiap jawaban, skor, lulus atau tidak, dan waktunya. Tidak ada data lain yang dikirim, dan tidak ada yang dikirim ke pihak lain.
notice-lrs-when = Hasil dikirim segera setelah kuis selesai; jika komputer sedang luring, hasil menunggu di sini dan dikirim kemudian. Semua data tetap tersimpan juga di komputer ini.

access-title = Masuk di komputer ini
access-intro = Di komputer yang dipakai bersama oleh beberapa karyawan, PIN menjaga setiap profil tetap pribadi. Profil dipilih dari daftar saat aplikasi dibuka, dan peserta dikeluarkan bila komputer ditinggal tanpa aktivitas.
access-pins-required = Wajibkan PIN untuk setiap profil di komputer ini
access-idle = Keluarkan peserta setelah sekian menit tanpa aktivitas (0: tidak pernah):
access-idle-help = Dari 0 sampai { $max } menit. Berlaku bila ada lebih dari satu profil di komputer ini, atau PIN dipakai.
access-idle-invalid = Ketik bilangan bulat menit dari 0 sampai { $max }.
access-save = Simpan aturan masuk
access-reset-title = PIN yang terlupa
access-reset-intro = Hapus PIN peserta yang lupa PIN-nya. Peserta itu memilih PIN baru dan diberi tahu bahwa manajer menghapus PIN-nya.
access-reset-none = Belum ada profil di komputer ini yang memiliki PIN.
access-reset = Hapus PIN { $name }
access-reset-confirm = Ya, hapus PIN { $name }

org-title = Organisasi pada sertifikat
org-intro = Sertifikat menyebut organisasi Anda sebagai penerbit, dan orang yang menandatanganinya. Kosongkan isian untuk tidak mencantumkannya. Kode verifikasi tidak berubah.
org-save = Simpan organisasi
access-show-author = Tampilkan tombol Penulis (untuk penulis konten di komputer ini)
access-tools-for-learners = Tampilkan tombol Manajer dan Penulis juga kepada peserta yang sedang masuk
